import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendEvent } from '../testing/appendEvent';
import { openSqliteStore } from './sqliteStore';

const dirs: string[] = [];
const open = () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
  dirs.push(dir);
  return { dir, store: openSqliteStore(join(dir, 'nested')) };
};
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

const msg = (id: string, createdAt: string) => ({
  id, clientId: null, conversationId: 'c1', role: 'ai_agent' as const, author: { displayName: null, avatar: null },
  content: { type: 'text' as const, body: id }, createdAt,
});

describe('openSqliteStore', () => {
  it('keeps sessions, settings and events across reopen, with increasing per-session ids', async () => {
    const { dir, store } = open();
    await store.createSession({ id: 's1', origin: 'https://a', endUserId: null, conversationId: null, createdAt: 1 }, 'hash1');
    await store.setSetting('channel_id:x', 'ch1');
    const e1 = await appendEvent(store, 's1', { type: 'handoff.ended', conversationId: 'c' });
    await appendEvent(store, 's2', { type: 'handoff.ended', conversationId: 'c' });
    const e3 = await appendEvent(store, 's1', { type: 'handoff.ended', conversationId: 'c' });
    expect(e3).toBeGreaterThan(e1);
    await store.close();
    const again = openSqliteStore(join(dir, 'nested'));
    expect(await again.findSessionByTokenHash('hash1')).toMatchObject({ id: 's1', origin: 'https://a' });
    expect(await again.getSetting('channel_id:x')).toBe('ch1');
    expect((await again.eventsAfter('s1', 0, 10)).map((e) => e.id)).toEqual([e1, e3]);
    expect((await again.eventsAfter('s1', e1, 10)).map((e) => e.id)).toEqual([e3]);
    expect(await again.lastEventId('s1')).toBe(e3);
    await again.close();
  });
  it('dedupes messages and webhook ids, and sorts the transcript by createdAt', async () => {
    const { store } = open();
    expect(await store.insertMessage('s1', msg('m2', '2026-01-01T00:00:02.000Z'))).toBe(true);
    expect(await store.insertMessage('s1', msg('m1', '2026-01-01T00:00:01.000Z'))).toBe(true);
    expect(await store.insertMessage('s1', msg('m1', '2026-01-01T00:00:01.000Z'))).toBe(false);
    expect((await store.messagesOf('c1')).map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(await store.markWebhookSeen('msg_1', 1)).toBe(true);
    expect(await store.markWebhookSeen('msg_1', 2)).toBe(false);
    expect(await store.hasWebhook('msg_1')).toBe(true);
    await store.close();
  });

  it('applies write sets all-or-nothing, checking delivery ids, message ids and guards at apply time', async () => {
    const { store } = open();
    await store.insertConversation({
      id: 'c1', sessionId: 's1', status: 'active', createdAt: '', endedAt: null, endedBy: null, handoff: null,
      lastSendAt: 0, lastWebhookAt: 0, lastReconciledAt: 0,
    });
    const ended = { type: 'conversation.ended' as const, conversationId: 'c1', endedBy: 'system' as const, endedAt: 'x' };
    const end = { conversationId: 'c1', when: 'active' as const, patch: { status: 'ended' as const }, events: [ended] };
    const results = await store.applyWrites([
      { sessionId: 's1', webhook: { id: 'w1', at: 1 }, message: msg('m1', '2026-01-01T00:00:01.000Z'), events: [{ type: 'message', message: msg('m1', 'x') }] },
      { sessionId: 's1', webhook: { id: 'w1', at: 1 }, touch: { conversationId: 'c1', patch: { lastWebhookAt: 9 } } },
      { sessionId: 's1', webhook: { id: 'w2', at: 1 }, message: msg('m1', 'x'), events: [{ type: 'message', message: msg('m1', 'x') }] },
      // fails after its first writes: rolled back alone
      { sessionId: 's1', webhook: { id: 'w3', at: 1 }, message: msg('m3', 'x'), events: [ended, { type: 'error', code: 1n } as never] },
      { sessionId: 's1', touch: { conversationId: 'c1', patch: { lastWebhookAt: 5 } }, change: end },
      { sessionId: 's1', change: end },
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'duplicate_delivery', 'applied', 'failed', 'applied', 'applied']);
    expect(results.map((r) => (r.status === 'applied' ? [r.newMessage, r.changed, r.events.length] : null))).toEqual([
      [true, false, 1], null, [false, false, 0], null, [false, true, 1], [false, false, 0],
    ]);
    expect(await store.hasWebhook('w3')).toBe(false);
    expect(await store.hasMessage('m3')).toBe(false);
    expect((await store.eventsAfter('s1', 0, 10)).map((e) => e.event.type)).toEqual(['message', 'conversation.ended']);
    expect(await store.getConversation('c1')).toMatchObject({ status: 'ended', lastWebhookAt: 5 });
    await store.close();
  });

  it('answers conversation reads from memory, never older than the last write, even one rolled back', async () => {
    const { store } = open();
    const conv = {
      id: 'c1', sessionId: 's1', status: 'active' as const, createdAt: '', endedAt: null, endedBy: null, handoff: null,
      lastSendAt: 0, lastWebhookAt: 0, lastReconciledAt: 0,
    };
    await store.createSession({ id: 's1', origin: 'https://a', endUserId: null, conversationId: 'c1', createdAt: 1 }, 'hash1');
    await store.insertConversation(conv);
    expect(await store.getConversation('c1')).toMatchObject({ lastWebhookAt: 0 });
    await store.updateConversation('c1', { lastWebhookAt: 1 });
    expect(await store.getConversation('c1')).toMatchObject({ lastWebhookAt: 1 });
    const handoff = { agentName: 'Sam', agentAvatar: null };
    await store.applyWrites([{ sessionId: 's1', change: { conversationId: 'c1', when: 'no_handoff', patch: { handoff }, events: [] } }]);
    expect((await store.getConversation('c1'))?.handoff).toEqual(handoff);
    const [failed] = await store.applyWrites([{
      sessionId: 's1', touch: { conversationId: 'c1', patch: { lastWebhookAt: 99 } }, events: [{ type: 'error', code: 1n } as never],
    }]);
    expect(failed?.status).toBe('failed');
    expect(await store.getConversation('c1')).toMatchObject({ lastWebhookAt: 1 });
    const copy = await store.getConversation('c1');
    copy!.status = 'ended';
    expect((await store.getConversation('c1'))?.status).toBe('active');
    await store.prune({ webhookIdsBefore: 0, sessionsIdleBefore: Date.now(), endedEventsBefore: 0 });
    expect(await store.getConversation('c1')).toBeNull();
    await store.close();
  });
});
