import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationRecord } from '../store/types';
import { createFakeContext } from '../testing/fakeContext';
import type { ChatContext } from './context';
import { isStale, reconcile, reconcileIfStale, startPeriodicReconcile } from './reconcile';
import { handleWebhook } from './webhookEvents';

const envs: ReturnType<typeof createFakeContext>[] = [];
afterEach(async () => { for (const e of envs.splice(0)) await e.close(); });

const conv = (over: Partial<ConversationRecord> = {}): ConversationRecord => ({
  id: 'c1', sessionId: 's1', status: 'active', createdAt: new Date().toISOString(), endedAt: null, endedBy: null, handoff: null,
  lastSendAt: 0, lastWebhookAt: 0, lastReconciledAt: 0, ...over,
});
const policy = { reconcile: { graceMs: 1_000, minIntervalMs: 5_000, maxAgeMs: 60_000 } };

async function setup() {
  const env = createFakeContext();
  envs.push(env);
  await env.store.insertConversation(conv());
  env.ada.logs.set('c1', [
    { message_id: 'a2', created_at: '2026-01-01T00:00:02Z', author: { id: null, role: 'ai_agent' }, content: { type: 'text', body: 'two' } },
    { message_id: 'a1', created_at: '2026-01-01T00:00:01Z', author: { id: null, role: 'ai_agent' }, content: { type: 'text', body: 'one' } },
  ]);
  return { ...env, events: env.published('s1') };
}

describe('isStale', () => {
  const now = 100_000;
  it('is false without a send, inside the grace period, too soon after a run, or when ended', () => {
    expect(isStale(conv(), now, policy, 'connect')).toBe(false);
    expect(isStale(conv({ lastSendAt: now - 500 }), now, policy, 'connect')).toBe(false);
    expect(isStale(conv({ lastSendAt: now - 10_000, lastReconciledAt: now - 1_000 }), now, policy, 'connect')).toBe(false);
    expect(isStale(conv({ lastSendAt: now - 10_000, status: 'ended' }), now, policy, 'connect')).toBe(false);
  });
  it('is true when no webhook came since the last send, and periodic only while the send is recent', () => {
    expect(isStale(conv({ lastSendAt: now - 10_000 }), now, policy, 'periodic')).toBe(true);
    expect(isStale(conv({ lastSendAt: now - 10_000, lastWebhookAt: now - 5_000 }), now, policy, 'periodic')).toBe(false);
    expect(isStale(conv({ lastSendAt: now - 90_000 }), now, policy, 'periodic')).toBe(false);
    // connect/history: also once after a send that was never reconciled
    expect(isStale(conv({ lastSendAt: now - 10_000, lastWebhookAt: now - 5_000 }), now, policy, 'history')).toBe(true);
  });
});

describe('a webhook after the last send', () => {
  const webhook = (ctx: ChatContext, id: string, role: string, body: string, at: number) => handleWebhook(ctx, {
    type: 'v1.conversation.message',
    data: { message_id: id, conversation_id: 'c1', channel_id: 'ch1', created_at: new Date(at).toISOString(), author: { id: role === 'end_user' ? 'u1' : null, role }, content: { type: 'text', body } },
  }, { id: `msg_${id}`, at });

  it("that only echoes the visitor's own message leaves a lost AI reply to the periodic round, not to Svix's 5-minute retry", async () => {
    const { ctx, ada, events, store } = await setup();
    const sentAt = Date.now() - 10_000;
    await store.updateConversation('c1', { lastSendAt: sentAt });
    // The echo of the visitor's message comes (shuffled, or retried) after the send; the AI reply's webhook is lost.
    await webhook(ctx, 'e1', 'end_user', 'hi', sentAt + 200);
    ada.logs.set('c1', [{ message_id: 'r1', created_at: new Date(sentAt + 1_500).toISOString(), author: { id: null, role: 'ai_agent' }, content: { type: 'text', body: 'reply' } }]);
    await reconcileIfStale(ctx, (await store.getConversation('c1'))!, 'periodic');
    expect(events.flatMap((e) => (e.event.type === 'message' ? [e.event.message.id] : []))).toEqual(['e1', 'r1']);
  });

  it('that carries a reply leaves a later part of the turn to one periodic look once the turn has settled, and only one', () => {
    const now = 100_000;
    const settled = { reconcile: { ...policy.reconcile, settleMs: 20_000 } };
    // The reply to an earlier message came after the last send; the last message's reply was lost.
    const turn = conv({ lastSendAt: now - 25_000, lastWebhookAt: now - 24_000 });
    expect(isStale({ ...turn, lastSendAt: now - 15_000, lastWebhookAt: now - 14_000 }, now, settled, 'periodic')).toBe(false);
    expect(isStale(turn, now, settled, 'periodic')).toBe(true);
    expect(isStale({ ...turn, lastReconciledAt: now - 5_000 }, now, settled, 'periodic')).toBe(false);
    expect(isStale({ ...turn, lastSendAt: now - 700_000, lastWebhookAt: now - 699_000 }, now, settled, 'periodic')).toBe(false);
  });

  it('that carries a reply still means no periodic look at Ada is needed', async () => {
    const { ctx, ada, store } = await setup();
    let lists = 0;
    ada.listMessages = async () => { lists++; return []; };
    const sentAt = Date.now() - 10_000;
    await store.updateConversation('c1', { lastSendAt: sentAt });
    await webhook(ctx, 'r1', 'ai_agent', 'reply', sentAt + 1_500);
    await reconcileIfStale(ctx, (await store.getConversation('c1'))!, 'periodic');
    expect(lists).toBe(0);
  });
});

describe('reconcile', () => {
  it('ingests missing messages in created_at order, once', async () => {
    const { ctx, events, store } = await setup();
    await reconcile(ctx, (await store.getConversation('c1'))!);
    await reconcile(ctx, (await store.getConversation('c1'))!);
    const ids = events.flatMap((e) => (e.event.type === 'message' ? [e.event.message.id] : []));
    expect(ids).toEqual(['a1', 'a2']);
    expect((await store.getConversation('c1'))!.lastReconciledAt).toBeGreaterThan(0);
  });

  it('shares one run between concurrent callers', async () => {
    const { ctx, ada, store } = await setup();
    let lists = 0;
    const real = ada.listMessages;
    ada.listMessages = async (id) => { lists++; return real(id); };
    const c = (await store.getConversation('c1'))!;
    await Promise.all([reconcile(ctx, c), reconcile(ctx, c), reconcile(ctx, c)]);
    expect(lists).toBe(1);
  });

  it('marks the conversation ended when Ada ended it', async () => {
    const { ctx, ada, events, store } = await setup();
    ada.conversationStatus.set('c1', 'ended');
    await reconcile(ctx, (await store.getConversation('c1'))!);
    expect((await store.getConversation('c1'))!.status).toBe('ended');
    expect(events.filter((e) => e.event.type === 'conversation.ended')).toHaveLength(1);
  });

  it('never throws when Ada is down', async () => {
    const { ctx, ada, store } = await setup();
    ada.listMessages = async () => { throw new Error('down'); };
    await expect(reconcile(ctx, (await store.getConversation('c1'))!)).resolves.toBeUndefined();
  });

  it('reconcileIfStale skips fresh conversations', async () => {
    const { ctx, events, store } = await setup();
    ctx.reconcile.graceMs = 60_000;
    await store.updateConversation('c1', { lastSendAt: Date.now() });
    await reconcileIfStale(ctx, (await store.getConversation('c1'))!, 'connect');
    expect(events).toHaveLength(0);
  });

  it('periodic rounds find a stale conversation among many open sessions, read a chunk at a time', async () => {
    const env = createFakeContext();
    envs.push(env);
    for (let i = 0; i < 600; i++) env.ctx.hub.subscribe(`other${i}`, () => {});
    await env.store.insertConversation(conv({ lastSendAt: Date.now() - 10_000 }));
    env.ada.logs.set('c1', [{ message_id: 'a1', created_at: '2026-01-01T00:00:01Z', author: { id: null, role: 'ai_agent' }, content: { type: 'text', body: 'one' } }]);
    const events = env.published('s1');
    const stop = startPeriodicReconcile(env.ctx, 20);
    const started = Date.now();
    while (events.length === 0 && Date.now() - started < 2_000) await new Promise((r) => setTimeout(r, 10));
    stop();
    expect(events.map((e) => e.event.type)).toEqual(['message']);
  });

  it('periodic rounds run only on the instance holding the reconcile lease', async () => {
    const env = createFakeContext();
    envs.push(env);
    const asked: string[] = [];
    let holder = false;
    env.ctx.leases = { ...env.ctx.leases, hold: async (name) => { asked.push(name); return holder; } };
    await env.store.insertConversation(conv({ lastSendAt: Date.now() - 10_000 }));
    env.ada.logs.set('c1', [{ message_id: 'a1', created_at: '2026-01-01T00:00:01Z', author: { id: null, role: 'ai_agent' }, content: { type: 'text', body: 'one' } }]);
    const events = env.published('s1');
    const stop = startPeriodicReconcile(env.ctx, 20);
    while (asked.length < 3) await new Promise((r) => setTimeout(r, 10));
    expect(events).toHaveLength(0);
    holder = true;
    const started = Date.now();
    while (events.length === 0 && Date.now() - started < 2_000) await new Promise((r) => setTimeout(r, 10));
    stop();
    expect(asked.every((n) => n === 'reconcile')).toBe(true);
    expect(events.map((e) => e.event.type)).toEqual(['message']);
  });
});

