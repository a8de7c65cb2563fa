import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CreateSessionRequest } from '../../../bridge-server/src/protocol/api';
import { createStorage } from '../lib/storage';
import { createController, type Controller } from './createController';

const BRIDGE = 'https://bridge.test';
const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * A fake bridge for sign-in: a `userToken` of `good.<sub>.sig` gets the token `user-<sub>`, `forged…` gets 401
 * identity_invalid, no user token gets `anon-<n>`; every session's history holds one message naming its token.
 */
function fakeBridge() {
  const calls: { method: string; path: string; auth: string | null; body: CreateSessionRequest | null }[] = [];
  let anon = 0;
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const path = new URL(String(input)).pathname;
    const method = init.method ?? 'GET';
    const auth = new Headers(init.headers).get('authorization');
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as CreateSessionRequest) : null;
    calls.push({ method, path, auth, body });
    if (path === '/v1/sessions' && method === 'DELETE') return new Response(null, { status: 204 });
    if (path === '/v1/sessions') {
      const user = body?.userToken;
      if (user?.startsWith('forged')) return json({ error: { code: 'identity_invalid', message: 'The sign-in token was refused: its signature does not match.' } }, 401);
      return json({ token: user ? `user-${user.split('.')[1]}` : `anon-${++anon}`, identity: user ? { name: null } : null }, 201);
    }
    if (path === '/v1/conversation') {
      const who = auth?.slice(7) ?? '';
      const message = { id: 'm-' + who, clientId: null, conversationId: 'c-' + who, role: 'ai_agent', author: { displayName: null, avatar: null }, content: { type: 'text', body: 'for ' + who }, createdAt: '2026-01-01T00:00:00Z' };
      return json({ conversation: null, messages: [message], lastEventId: '0' });
    }
    if (path === '/v1/events') return new Response(new ReadableStream(), { headers: { 'content-type': 'text/event-stream' } });
    return json({ error: { code: 'not_found', message: 'Not found' } }, 404);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const ctrls: Controller[] = [];
function controller(fetch: typeof globalThis.fetch, userToken?: string) {
  const emit = vi.fn();
  const c = createController({ bridgeUrl: BRIDGE, persist: 'local', storage: createStorage('local', BRIDGE), emit, fetch, userToken });
  ctrls.push(c);
  return { c, emit };
}
const stored = (key: string): unknown => JSON.parse(localStorage.getItem(`parley:${BRIDGE}:${key}`) ?? 'null');
const shown = (c: Controller) => c.store.messages.value.map((m) => (m.content.type === 'text' ? m.content.body : ''));
const posts = (b: ReturnType<typeof fakeBridge>) => b.calls.filter((x) => x.path === '/v1/sessions' && x.method === 'POST').map((x) => x.body);

afterEach(() => {
  ctrls.splice(0).forEach((c) => c.destroy());
  localStorage.clear();
});

describe('signed-in visitors in the controller', () => {
  it("exchanges the page's user token for the visitor's session on start", async () => {
    const bridge = fakeBridge();
    const { c } = controller(bridge.fetch, 'good.ada.sig');
    expect(await c.start()).toBe(true);
    expect(posts(bridge)).toEqual([{ userToken: 'good.ada.sig' }]);
    expect(shown(c)).toEqual(['for user-ada']);
  });

  it('says a forged token was refused and goes on anonymously', async () => {
    const bridge = fakeBridge();
    const { c, emit } = controller(bridge.fetch, 'forged.ada.sig');
    expect(await c.start()).toBe(true);
    expect(c.store.notice.value).toContain('refused');
    expect(emit).toHaveBeenCalledWith('error', expect.objectContaining({ code: 'identity_invalid' }));
    expect(posts(bridge)).toEqual([{ userToken: 'forged.ada.sig' }, {}]);
    expect(shown(c)).toEqual(['for anon-1']);
  });

  it("signs out (revoking the token) and in as someone else without showing the first user's messages", async () => {
    const bridge = fakeBridge();
    const { c } = controller(bridge.fetch, 'good.ada.sig');
    await c.start();
    await c.identify(null);
    expect(bridge.calls.find((x) => x.method === 'DELETE')).toMatchObject({ path: '/v1/sessions', auth: 'Bearer user-ada' });
    expect(shown(c)).toEqual([]);
    expect(stored('token')).toBeNull();
    await c.identify('good.bob.sig');
    await c.start();
    expect(posts(bridge).at(-1)).toEqual({ userToken: 'good.bob.sig' }); // no resume of anyone's token
    expect(shown(c)).toEqual(['for user-bob']);
  });

  it("never uses a stored signed-in session on a page without the user's token", async () => {
    const first = fakeBridge();
    const { c } = controller(first.fetch, 'good.ada.sig');
    await c.start();
    c.destroy();
    const bridge = fakeBridge();
    const { c: next } = controller(bridge.fetch);
    await next.start();
    expect(posts(bridge)).toEqual([{}]);
    expect(shown(next)).toEqual(['for anon-1']);
  });
});
