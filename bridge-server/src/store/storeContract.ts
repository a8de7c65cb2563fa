import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../protocol/api';
import { appendEvent } from '../testing/appendEvent';
import type { ConversationRecord, Store } from './types';

/** What a backend's test file gives the contract: a fresh, empty store, and the same data opened again. */
export interface StoreUnderTest {
  store: Store;
  /** Closes nothing: opens a second store on the same data (a restart, or another instance). */
  reopen(): Promise<Store>;
  /** Removes what `open` created. */
  dispose(): Promise<void>;
}

const msg = (id: string, createdAt: string, conversationId = 'c1'): ChatMessage => ({
  id, clientId: null, conversationId, role: 'ai_agent', author: { displayName: null, avatar: null },
  content: { type: 'text', body: id }, createdAt,
});
const conv = (id: string, sessionId: string, over: Partial<ConversationRecord> = {}): ConversationRecord => ({
  id, sessionId, status: 'active', createdAt: '2026-01-01T00:00:00.000Z', endedAt: null, endedBy: null, handoff: null,
  lastSendAt: 0, lastWebhookAt: 0, lastReconciledAt: 0, ...over,
});
const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');

/**
 * The `Store` contract: every backend (SQLite, Redis) runs this same suite from its own test file (style habit 18).
 * @example storeContract('sqlite', async () => { ... return { store, reopen, dispose }; });
 */
export function storeContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    const opened: StoreUnderTest[] = [];
    const fresh = async () => {
      const s = await open();
      opened.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.dispose();
    });

    it('keeps sessions, settings and events across reopen, with increasing per-session ids', async () => {
      const { store, reopen } = await fresh();
      await store.createSession({ id: 's1', origin: 'https://a', endUserId: null, conversationId: null, createdAt: 1 }, 'hash1');
      await store.setSetting('channel_id:x', 'ch1');
      const e1 = await appendEvent(store, 's1', { type: 'handoff.ended', conversationId: 'c' });
      await appendEvent(store, 's2', { type: 'handoff.ended', conversationId: 'c' });
      const e3 = await appendEvent(store, 's1', { type: 'handoff.ended', conversationId: 'c' });
      expect(e3).toBeGreaterThan(e1);
      await store.close();
      const again = await reopen();
      expect(await again.findSessionByTokenHash('hash1')).toMatchObject({ id: 's1', origin: 'https://a', lastSeenAt: 1 });
      expect(await again.findSessionByTokenHash('nope')).toBeNull();
      expect(await again.getSetting('channel_id:x')).toBe('ch1');
      expect(await again.getSetting('missing')).toBeNull();
      expect((await again.eventsAfter('s1', 0, 10)).map((e) => e.id)).toEqual([e1, e3]);
      expect((await again.eventsAfter('s1', e1, 10)).map((e) => e.id)).toEqual([e3]);
      expect((await again.eventsAfter('s1', 0, 1)).map((e) => e.id)).toEqual([e1]);
      expect(await again.lastEventId('s1')).toBe(e3);
      expect(await again.lastEventId('nobody')).toBe(0);
      await again.close();
    });

    it('updates sessions and conversations, never creating a missing one', async () => {
      const { store } = await fresh();
      await store.createSession({ id: 's1', origin: 'https://a', endUserId: null, conversationId: null, createdAt: 1 }, 'h1');
      await store.updateSession('s1', { endUserId: 'u1' });
      await store.updateSession('s1', { conversationId: 'c1' });
      expect(await store.getSession('s1')).toEqual({ id: 's1', origin: 'https://a', endUserId: 'u1', conversationId: 'c1', createdAt: 1, lastSeenAt: 1 });
      await store.touchSession('s1', 50);
      expect((await store.getSession('s1'))?.lastSeenAt).toBe(50);
      await store.updateSession('ghost', { endUserId: 'u' });
      await store.touchSession('ghost', 5);
      expect(await store.getSession('ghost')).toBeNull();

      const handoff = { agentName: 'Sam', agentAvatar: null };
      await store.insertConversation(conv('c1', 's1'));
      await store.updateConversation('c1', { handoff, lastSendAt: 7 });
      expect(await store.getConversation('c1')).toEqual(conv('c1', 's1', { handoff, lastSendAt: 7 }));
      await store.updateConversation('ghost', { lastSendAt: 1 });
      expect(await store.getConversation('ghost')).toBeNull();
    });

    it('lists the active conversations of given sessions only', async () => {
      const { store } = await fresh();
      await store.insertConversation(conv('a1', 'sa'));
      await store.insertConversation(conv('a2', 'sa', { status: 'ended' }));
      await store.insertConversation(conv('b1', 'sb'));
      await store.insertConversation(conv('c1', 'sc'));
      expect((await store.activeConversationsOf(['sa', 'sb', 'none'])).map((c) => c.id).sort()).toEqual(['a1', 'b1']);
      expect(await store.activeConversationsOf([])).toEqual([]);
    });

    it('dedupes messages and webhook ids, and sorts the transcript by createdAt', async () => {
      const { store } = await fresh();
      expect(await store.insertMessage('s1', msg('m2', '2026-01-01T00:00:02.000Z'))).toBe(true);
      expect(await store.insertMessage('s1', msg('m1', '2026-01-01T00:00:01.000Z'))).toBe(true);
      expect(await store.insertMessage('s1', msg('m1', '2026-01-01T00:00:01.000Z'))).toBe(false);
      expect(await store.insertMessage('s1', msg('m3', '2026-01-01T00:00:02.000Z'))).toBe(true);
      expect((await store.messagesOf('c1')).map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
      expect(await store.messagesOf('none')).toEqual([]);
      expect(await store.getMessage('m1')).toEqual(msg('m1', '2026-01-01T00:00:01.000Z'));
      expect(await store.hasMessage('m9')).toBe(false);
      expect(await store.markWebhookSeen('msg_1', 1)).toBe(true);
      expect(await store.markWebhookSeen('msg_1', 2)).toBe(false);
      expect(await store.hasWebhook('msg_1')).toBe(true);
      expect(await store.hasWebhook('msg_2')).toBe(false);
    });

    it('keeps a send record whole, fields it does not know included', async () => {
      const { store } = await fresh();
      const send = { sessionId: 's1', clientId: 'k1', status: 'posted' as const, messageId: 'm1', conversationId: 'c1', firstAttemptAt: 3 };
      await store.putSend({ ...send, status: 'failed', messageId: null });
      await store.putSend({ ...send, extra: { attempts: 2 } } as typeof send);
      expect(await store.getSend('s1', 'k1')).toEqual({ ...send, extra: { attempts: 2 } });
      expect(await store.getSend('s1', 'k2')).toBeNull();
    });

    it('applies write sets all-or-nothing, checking delivery ids, message ids and guards at apply time', async () => {
      const { store } = await fresh();
      await store.insertConversation(conv('c1', 's1', { createdAt: '' }));
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
      const applied = results.flatMap((r) => (r.status === 'applied' ? r.events : []));
      expect(applied.map((e) => e.event.type)).toEqual(['message', 'conversation.ended']);
      expect(await store.hasWebhook('w3')).toBe(false);
      expect(await store.hasMessage('m3')).toBe(false);
      expect(await store.eventsAfter('s1', 0, 10)).toEqual(applied);
      expect(await store.getConversation('c1')).toMatchObject({ status: 'ended', lastWebhookAt: 5 });
    });

    it('guards handoff changes: one start while none is on, one end while one is', async () => {
      const { store } = await fresh();
      await store.insertConversation(conv('c1', 's1'));
      const handoff = { agentName: 'Sam', agentAvatar: null };
      const start = { conversationId: 'c1', when: 'no_handoff' as const, patch: { handoff }, events: [{ type: 'handoff.started' as const, conversationId: 'c1', ...handoff }] };
      const stop = { conversationId: 'c1', when: 'in_handoff' as const, patch: { handoff: null }, events: [{ type: 'handoff.ended' as const, conversationId: 'c1' }] };
      const r = await store.applyWrites([{ sessionId: 's1', change: stop }, { sessionId: 's1', change: start }, { sessionId: 's1', change: start },
        { sessionId: 's1', change: stop }, { sessionId: 's1', change: { ...start, conversationId: 'ghost' } }]);
      expect(r.map((x) => (x.status === 'applied' ? x.changed : x.status))).toEqual([false, true, false, true, false]);
      expect((await store.eventsAfter('s1', 0, 10)).map((e) => e.event.type)).toEqual(['handoff.started', 'handoff.ended']);
      expect((await store.getConversation('c1'))?.handoff).toBeNull();
    });

    it('answers conversation reads never older than the last write, even one rolled back', async () => {
      const { store } = await fresh();
      await store.createSession({ id: 's1', origin: 'https://a', endUserId: null, conversationId: 'c1', createdAt: 1 }, 'hash1');
      await store.insertConversation(conv('c1', 's1', { createdAt: '' }));
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
    });

    it('prunes webhook ids, idle sessions with all they hold, and events of long-ended conversations', async () => {
      const { store } = await fresh();
      await store.markWebhookSeen('old', T0 - 9 * DAY);
      await store.markWebhookSeen('recent', T0 - 7 * DAY);
      await store.createSession({ id: 'idle', origin: 'https://a', endUserId: null, conversationId: 'c-idle', createdAt: T0 }, 'h-idle');
      await store.insertConversation(conv('c-idle', 'idle'));
      await store.insertMessage('idle', msg('m-idle', '', 'c-idle'));
      await appendEvent(store, 'idle', { type: 'message', message: msg('m-idle', '', 'c-idle') });
      await store.putSend({ sessionId: 'idle', clientId: 'x', status: 'posted', messageId: 'm-idle', conversationId: 'c-idle', firstAttemptAt: T0 });

      await store.createSession({ id: 's1', origin: 'https://a', endUserId: 'u', conversationId: 'c-new', createdAt: T0, lastSeenAt: T0 + 9 * DAY }, 'h1');
      await store.insertConversation(conv('c-old', 's1', { status: 'ended', endedAt: new Date(T0 + DAY).toISOString(), endedBy: 'end_user' }));
      await store.insertConversation(conv('c-new', 's1'));
      await store.insertMessage('s1', msg('m-old', '', 'c-old'));
      await appendEvent(store, 's1', { type: 'message', message: msg('m-old', '', 'c-old') });
      await appendEvent(store, 's1', { type: 'conversation.ended', conversationId: 'c-old', endedBy: 'end_user', endedAt: '' });
      await appendEvent(store, 's1', { type: 'error', code: 'ada_unavailable', message: 'x', clientId: 'c' });
      const keep = await appendEvent(store, 's1', { type: 'message', message: msg('m-new', '', 'c-new') });

      const now = Date.now();
      const r = await store.prune({ webhookIdsBefore: T0 - 8 * DAY, sessionsIdleBefore: T0 + DAY, endedEventsBefore: T0 + 2 * DAY });
      expect(r).toEqual({ webhookIds: 1, sessions: 1, events: 3 }); // the idle session's event, the old conversation's two
      expect([await store.hasWebhook('old'), await store.hasWebhook('recent')]).toEqual([false, true]);
      expect(await store.findSessionByTokenHash('h-idle')).toBeNull();
      expect(await store.getSession('idle')).toBeNull();
      expect(await store.getConversation('c-idle')).toBeNull();
      expect(await store.hasMessage('m-idle')).toBe(false);
      expect(await store.getSend('idle', 'x')).toBeNull();
      expect(await store.lastEventId('idle')).toBe(0);
      // the session-wide error is younger than its cutoff (appended now), so it stays
      expect((await store.eventsAfter('s1', 0, 10)).map((e) => e.event.type)).toEqual(['error', 'message']);
      expect(await store.messagesOf('c-old')).toHaveLength(1);
      expect((await store.prune({ webhookIdsBefore: 0, sessionsIdleBefore: 0, endedEventsBefore: now + DAY })).events).toBe(1);
      expect((await store.eventsAfter('s1', 0, 10)).map((e) => e.id)).toEqual([keep]);
      // ids keep growing after a prune, so Last-Event-ID never points backwards
      expect(await appendEvent(store, 's1', { type: 'handoff.ended', conversationId: 'c-new' })).toBeGreaterThan(keep);
    });

    it('claims an identity once (case-insensitively), resolves added tokens with their own origin, and revokes tokens', async () => {
      const { store } = await fresh();
      const session = (id: string) => ({ id, origin: 'https://a', endUserId: null, conversationId: null, createdAt: 1, externalId: 'User-1' });
      await store.createSession(session('s1'), 'own1');
      await store.createSession(session('s2'), 'own2');
      const first = await store.claimIdentity({ externalId: 'User-1', sessionId: 's1', profile: { name: 'Ada' } });
      expect(await store.claimIdentity({ externalId: 'user-1', sessionId: 's2', profile: {} })).toEqual(first);
      expect(await store.findIdentity('USER-1')).toEqual({ externalId: 'User-1', sessionId: 's1', profile: { name: 'Ada' } });
      expect(await store.findIdentity('user-2')).toBeNull();
      await store.setIdentityProfile('user-1', { name: 'Ada L.' });
      expect((await store.findIdentity('User-1'))?.profile).toEqual({ name: 'Ada L.' });

      await store.addSessionToken('s1', 'added1', 'https://b', 5);
      expect(await store.findSessionByTokenHash('added1')).toMatchObject({ id: 's1', origin: 'https://b', externalId: 'User-1' });
      expect(await store.findSessionByTokenHash('own1')).toMatchObject({ id: 's1', origin: 'https://a' });
      await store.revokeSessionToken('added1');
      await store.revokeSessionToken('own1');
      expect(await store.findSessionByTokenHash('added1')).toBeNull();
      expect(await store.findSessionByTokenHash('own1')).toBeNull();
      expect(await store.getSession('s1')).toMatchObject({ id: 's1' });
    });

    it('prunes an idle identity session with its added tokens and identity', async () => {
      const { store } = await fresh();
      await store.createSession({ id: 's1', origin: 'https://a', endUserId: null, conversationId: null, createdAt: 1, lastSeenAt: 1, externalId: 'u1' }, 'own1');
      await store.claimIdentity({ externalId: 'u1', sessionId: 's1', profile: {} });
      await store.addSessionToken('s1', 'added1', 'https://a', 1);
      await store.prune({ webhookIdsBefore: 0, sessionsIdleBefore: 10, endedEventsBefore: 0 });
      expect(await store.findSessionByTokenHash('added1')).toBeNull();
      expect(await store.findIdentity('u1')).toBeNull();
    });

    it('answers ping while it can serve', async () => {
      const { store } = await fresh();
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
