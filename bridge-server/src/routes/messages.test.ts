import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { errorHandler } from '../middleware/errorHandler';
import type { BridgeEnv } from '../middleware/types';
import type { ErrorBody } from '../protocol/api';
import { createFakeContext } from '../testing/fakeContext';
import { messageRoutes } from './messages';

const envs: ReturnType<typeof createFakeContext>[] = [];
afterEach(async () => { for (const e of envs.splice(0)) await e.close(); });

async function post(body: unknown) {
  const env = createFakeContext();
  envs.push(env);
  const session = { id: 's1', origin: 'https://a', endUserId: null, conversationId: null, createdAt: Date.now() };
  await env.store.createSession(session, 'hash');
  const app = new Hono<BridgeEnv>();
  app.onError(errorHandler());
  app.use(async (c, next) => { c.set('session', session); await next(); });
  app.route('/v1/messages', messageRoutes(env.ctx));
  const res = await app.request('/v1/messages', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { res, ada: env.ada, body: (await res.json()) as ErrorBody & Record<string, unknown> };
}

describe('POST /v1/messages validation', () => {
  it.each(['javascript:alert(1)', 'data:image/svg+xml,<svg onload=alert(1)>', 'ftp://example.com/a.png', '/relative.png'])(
    'refuses the avatar %s with a clear error and forwards nothing to Ada', async (avatar) => {
      const { res, body, ada } = await post({ clientId: 'c1', text: 'Hi', profile: { avatar } });
      expect(res.status).toBe(400);
      expect(body.error).toMatchObject({ code: 'validation_failed', message: 'Invalid request: profile.avatar: must be an http(s) URL.' });
      expect(ada.posts).toHaveLength(0);
    },
  );

  it('accepts an https avatar', async () => {
    const { res } = await post({ clientId: 'c1', text: 'Hi', profile: { avatar: 'https://example.com/me.png' } });
    expect(res.status).toBe(201);
  });

  it.each([['spaces', ' \t\n '], ['zero-width spaces', '\u200B\u200B'], ['joiners and marks', '\u200D\u2060\uFEFF\u200E'], ['Hangul filler', '\u3164']])(
    'refuses a message of only %s', async (_what, text) => {
      const { res, body, ada } = await post({ clientId: 'c1', text });
      expect(res.status).toBe(400);
      expect(body.error).toMatchObject({ code: 'validation_failed', message: 'The message is empty.' });
      expect(ada.posts).toHaveLength(0);
    },
  );

  it('accepts a message with visible text among invisible characters', async () => {
    const { res } = await post({ clientId: 'c1', text: '\u200Bok\u200B' });
    expect(res.status).toBe(201);
  });
});
