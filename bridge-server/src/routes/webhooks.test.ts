import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { Webhook } from 'svix';
import { afterEach, describe, expect, it } from 'vitest';
import { errorHandler } from '../middleware/errorHandler';
import { requestContext } from '../middleware/requestContext';
import type { BridgeEnv } from '../middleware/types';
import type { ChatMessage } from '../protocol/api';
import type { SessionRecord } from '../store/types';
import { createFakeContext } from '../testing/fakeContext';
import { webhookRoutes } from './webhooks';

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const envs: ReturnType<typeof createFakeContext>[] = [];
afterEach(async () => { for (const e of envs.splice(0)) await e.close(); });

async function setup() {
  const env = createFakeContext();
  envs.push(env);
  const session: SessionRecord = { id: 's1', origin: 'https://a', endUserId: 'u1', conversationId: 'c1', createdAt: 0 };
  await env.store.createSession(session, 'hash');
  await env.store.insertConversation({
    id: 'c1', sessionId: 's1', status: 'active', createdAt: new Date().toISOString(), endedAt: null, endedBy: null, handoff: null,
    lastSendAt: 0, lastWebhookAt: 0, lastReconciledAt: 0,
  });
  const app = new Hono<BridgeEnv>();
  app.use(requestContext({ logger: env.ctx.logger, metrics: env.ctx.metrics }));
  app.onError(errorHandler());
  app.route('/webhooks/ada', webhookRoutes(env.ctx, { secret: SECRET }));
  let n = 0;
  const post = (body: string, opts: { id?: string; secret?: string; at?: Date; headers?: Record<string, string> } = {}) => {
    const id = opts.id ?? `msg_${++n}`;
    const at = opts.at ?? new Date();
    const signature = new Webhook(opts.secret ?? SECRET).sign(id, at, body);
    return app.request('/webhooks/ada', {
      method: 'POST', body,
      headers: opts.headers ?? { 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': signature },
    });
  };
  return { ...env, app, post, events: env.published('s1') };
}

const message = (over: Record<string, unknown> = {}) => JSON.stringify({
  type: 'v1.conversation.message', timestamp: new Date().toISOString(),
  data: {
    message_id: 'm1', conversation_id: 'c1', end_user_id: 'u1', handoff_integration: null,
    channel: { id: 'ch1', type: 'custom', name: 'W', description: 'd', modality: 'messaging' },
    created_at: new Date().toISOString(), author: { id: null, role: 'ai_agent', avatar: null, display_name: null },
    content: { type: 'text', body: 'Hello!' }, ai_agent_domain: 'x.ada.support', ...over,
  },
});
const outcome = async (res: Response) => ((await res.json()) as { outcome?: string; error?: { code: string } });

describe('POST /webhooks/ada', () => {
  it('verifies before parsing: a bad signature on a non-JSON body is 401, not 400', async () => {
    const { post, events } = await setup();
    const wrong = `whsec_${randomBytes(24).toString('base64')}`;
    const res = await post('{not json', { secret: wrong });
    expect(res.status).toBe(401);
    expect((await outcome(res)).error?.code).toBe('invalid_signature');
    expect((await post(message(), { headers: {} })).status).toBe(401);
    expect((await post(message(), { at: new Date(Date.now() - 6 * 60_000) })).status).toBe(401);
    expect(events).toHaveLength(0);
  });

  it('answers 400 to a signed body that is not JSON or not the documented shape', async () => {
    const { post, events, store } = await setup();
    expect((await post('{not json')).status).toBe(400);
    expect((await post(JSON.stringify({ nope: true }))).status).toBe(400);
    const res = await post(message({ message_id: undefined }), { id: 'msg_bad' });
    expect(res.status).toBe(400);
    // not marked seen, so a fixed redelivery is still applied
    expect(await store.hasWebhook('msg_bad')).toBe(false);
    expect(events).toHaveLength(0);
  });

  it('applies a message, then dedupes by svix-id and by message_id', async () => {
    const { post, events, store } = await setup();
    const first = await post(message(), { id: 'msg_a' });
    expect(first.status).toBe(200);
    expect((await outcome(first)).outcome).toBe('processed');
    expect((await outcome(await post(message(), { id: 'msg_a' }))).outcome).toBe('duplicate_delivery');
    expect((await outcome(await post(message(), { id: 'msg_b' }))).outcome).toBe('duplicate_message');
    expect(events.filter((e) => e.event.type === 'message')).toHaveLength(1);
    expect(await store.messagesOf('c1')).toHaveLength(1);
  });

  it('ignores other channels, unknown conversations and unknown types with 2xx', async () => {
    const { post, events } = await setup();
    const other = await post(message({ channel: { id: 'someone-else' } }));
    expect(other.status).toBe(200);
    expect((await outcome(other)).outcome).toBe('ignored_channel');
    expect((await outcome(await post(message({ channel: undefined, channel_id: 'ch2' })))).outcome).toBe('ignored_channel');
    expect((await outcome(await post(message({ conversation_id: 'c-unknown', message_id: 'm9' })))).outcome).toBe('ignored_conversation');
    const unknown = await post(JSON.stringify({ type: 'v1.audit_log.emitted', data: {} }));
    expect(unknown.status).toBe(200);
    expect((await outcome(unknown)).outcome).toBe('ignored_type');
    expect(events).toHaveLength(0);
  });

  it('merges the echo of an end-user message the bridge already stored', async () => {
    const { post, events, store } = await setup();
    const mine: ChatMessage = {
      id: 'm-own', clientId: 'c1', conversationId: 'c1', role: 'end_user', author: { displayName: null, avatar: null },
      content: { type: 'text', body: 'Hi' }, createdAt: new Date().toISOString(),
    };
    await store.insertMessage('s1', mine);
    const res = await post(message({ message_id: 'm-own', author: { id: 'u1', role: 'end_user' }, content: { type: 'text', body: 'Hi' } }));
    expect((await outcome(res)).outcome).toBe('duplicate_message');
    expect(events).toHaveLength(0);
    expect((await store.getMessage('m-own'))?.clientId).toBe('c1');
  });

  it('relays handoff start (human agent) and end, and the end of a conversation once', async () => {
    const { post, events } = await setup();
    await post(message({ message_id: 'h1', handoff_integration: 'custom-handoff', author: { id: null, role: 'human_agent', display_name: 'Sam' } }));
    await post(JSON.stringify({ type: 'v1.conversation.handoff.ended', data: { conversation_id: 'c1', end_user_id: 'u1', handoff_integration: 'x' } }));
    const ended = JSON.stringify({
      type: 'v1.conversation.ended',
      data: { conversation_id: 'c1', channel_id: 'ch1', updated_at: '2026-01-01T00:00:00Z', ended_by: { id: null, role: 'human_agent' } },
    });
    await post(ended);
    await post(ended);
    expect(events.map((e) => e.event.type)).toEqual(['handoff.started', 'message', 'handoff.ended', 'conversation.ended']);
    expect(events[0]!.event).toMatchObject({ agentName: 'Sam' });
    expect(events[3]!.event).toMatchObject({ endedBy: 'human_agent', endedAt: '2026-01-01T00:00:00.000Z' });
  });

  it('leaves nothing half-applied and publishes nothing when applying fails half-way, so the retry applies once', async () => {
    const { post, events, store } = await setup();
    const applyWrites = store.applyWrites.bind(store);
    // A last event that cannot be stored: the message, the delivery id and the first event are already written when it throws.
    store.applyWrites = (sets) => applyWrites(sets.map((set) => ({ ...set, events: [...(set.events ?? []), { type: 'error', code: 1n } as never] })));
    const failed = await post(message(), { id: 'msg_half' });
    expect(failed.status).toBe(500);
    expect((await outcome(failed)).error?.code).toBe('internal_error');
    expect(await store.hasWebhook('msg_half')).toBe(false);
    expect(await store.hasMessage('m1')).toBe(false);
    expect(await store.lastEventId('s1')).toBe(0);
    expect(events).toHaveLength(0);

    store.applyWrites = applyWrites;
    expect((await outcome(await post(message(), { id: 'msg_half' }))).outcome).toBe('processed');
    expect((await outcome(await post(message(), { id: 'msg_half' }))).outcome).toBe('duplicate_delivery');
    expect(events.map((e) => e.event.type)).toEqual(['message']);
  });

  it('applies one of several concurrent deliveries of the same webhook or message (committed together)', async () => {
    const { post, events, store } = await setup();
    const outcomes = await Promise.all([
      post(message(), { id: 'msg_same' }), post(message(), { id: 'msg_same' }), post(message(), { id: 'msg_other' }),
    ].map(async (r) => (await outcome(await r)).outcome));
    expect(outcomes.sort()).toEqual(['duplicate_delivery', 'duplicate_message', 'processed']);
    expect(events.map((e) => e.event.type)).toEqual(['message']);
    expect(await store.messagesOf('c1')).toHaveLength(1);
  });

  it('accepts Svix white-label webhook-* headers', async () => {
    const { post } = await setup();
    const body = message();
    const at = new Date();
    const signature = new Webhook(SECRET).sign('msg_wl', at, body);
    const res = await post(body, { headers: { 'webhook-id': 'msg_wl', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature } });
    expect(res.status).toBe(200);
  });
});
