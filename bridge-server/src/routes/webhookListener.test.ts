import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'svix';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeContext } from '../testing/fakeContext';
import { isWebhookRequest, webhookListener } from './webhookListener';

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

async function setup() {
  const env = createFakeContext();
  await env.store.createSession({ id: 's1', origin: 'https://a', endUserId: 'u1', conversationId: 'c1', createdAt: 0 }, 'hash');
  await env.store.insertConversation({
    id: 'c1', sessionId: 's1', status: 'active', createdAt: new Date().toISOString(), endedAt: null, endedBy: null, handoff: null,
    lastSendAt: 0, lastWebhookAt: 0, lastReconciledAt: 0,
  });
  const onWebhook = webhookListener(env.ctx, { secret: SECRET, logger: env.ctx.logger });
  const server: Server = createServer((req, res) => (isWebhookRequest(req) ? onWebhook(req, res) : res.writeHead(404).end()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(async () => { server.closeAllConnections(); server.close(); await env.close(); });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/ada`;
  const post = (body: string, id: string, headers: Record<string, string> = {}) => {
    const at = new Date();
    const signature = new Webhook(SECRET).sign(id, at, body);
    return fetch(url, {
      method: 'POST', body,
      headers: { 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': signature, ...headers },
    });
  };
  return { ...env, post, events: env.published('s1') };
}

const message = (id: string, body = 'Hello!') => JSON.stringify({
  type: 'v1.conversation.message', timestamp: new Date().toISOString(),
  data: {
    message_id: id, conversation_id: 'c1', end_user_id: 'u1', handoff_integration: null,
    channel: { id: 'ch1', type: 'custom', name: 'W', description: 'd', modality: 'messaging' },
    created_at: new Date().toISOString(), author: { id: null, role: 'ai_agent', avatar: null, display_name: null },
    content: { type: 'text', body },
  },
});

describe('webhookListener (POST /webhooks/ada on node:http)', () => {
  it('applies a signed webhook once, echoes X-Request-Id and counts it', async () => {
    const { post, events, ctx } = await setup();
    const res = await post(message('m1'), 'msg_1', { 'x-request-id': 'req-1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-1');
    expect(await res.json()).toEqual({ ok: true, outcome: 'processed' });
    expect(await (await post(message('m1'), 'msg_1')).json()).toEqual({ ok: true, outcome: 'duplicate_delivery' });
    expect(events.map((e) => e.event.type)).toEqual(['message']);
    expect(await ctx.metrics.registry.metrics()).toMatch(/parley_http_requests_total\{method="POST",route="\/webhooks\/ada",status="200"\} 2/);
  });

  it('answers the error body: 401 for a bad signature (before parsing), 400 for a bad shape', async () => {
    const { post, events } = await setup();
    const forged = await post('{not json', 'msg_x', { 'svix-signature': 'v1,AAAA' });
    expect(forged.status).toBe(401);
    const body = (await forged.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('invalid_signature');
    expect(body.error.requestId).toBe(forged.headers.get('x-request-id'));
    expect((await post('{"type":"v1.conversation.message","data":{}}', 'msg_y')).status).toBe(400);
    expect(events).toHaveLength(0);
  });

  it('refuses a body over 256 KB with 413 and applies nothing', async () => {
    const { post, events, store } = await setup();
    const big = message('m2', 'x'.repeat(300 * 1024));
    const res = await post(big, 'msg_big');
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect(await store.hasWebhook('msg_big')).toBe(false);
    expect(events).toHaveLength(0);
  });
});
