import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../protocol/api';
import { openSqliteStore } from '../store/sqliteStore';
import type { ConversationRecord, Store } from '../store/types';
import { appendEvent } from '../testing/appendEvent';
import { authenticate, createOrResumeSession, TOUCH_EVERY_MS } from './sessions';
import { pruneOnce, startRetention } from './retention';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');
const log = pino({ level: 'silent' });
const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-retention-'));
  dirs.push(dir);
  const store = openSqliteStore(dir);
  stores.push(store);
  return { dir, store };
}

const conv = (id: string, sessionId: string, over: Partial<ConversationRecord> = {}): ConversationRecord => ({
  id, sessionId, status: 'active', createdAt: new Date(T0).toISOString(), endedAt: null, endedBy: null, handoff: null,
  lastSendAt: 0, lastWebhookAt: 0, lastReconciledAt: 0, ...over,
});
const msg = (id: string, conversationId: string): ChatMessage => ({
  id, clientId: null, conversationId, role: 'ai_agent', author: { displayName: null, avatar: null },
  content: { type: 'text', body: id }, createdAt: new Date(T0).toISOString(),
});

describe('retention', () => {
  it('prunes webhook ids older than 8 days only', async () => {
    const { store } = open();
    await store.markWebhookSeen('old', T0 - 9 * DAY);
    await store.markWebhookSeen('recent', T0 - 7 * DAY);
    const r = await pruneOnce(store, log, { now: () => T0 });
    expect(r?.webhookIds).toBe(1);
    expect(await store.hasWebhook('old')).toBe(false);
    expect(await store.hasWebhook('recent')).toBe(true);
  });

  it('expires sessions idle for 30 days (configurable) with everything they hold; used ones stay', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    const { store } = open();
    const idle = await createOrResumeSession(store, 'https://a', undefined);
    const used = await createOrResumeSession(store, 'https://a', undefined);
    const idleSession = await authenticate(store, idle.token, 'https://a');
    await store.insertConversation(conv('c-idle', idleSession.id));
    await store.insertMessage(idleSession.id, msg('m-idle', 'c-idle'));
    await appendEvent(store, idleSession.id, { type: 'message', message: msg('m-idle', 'c-idle') });
    await store.putSend({ sessionId: idleSession.id, clientId: 'x', status: 'posted', messageId: 'm-idle', conversationId: 'c-idle', firstAttemptAt: T0 });

    vi.setSystemTime(T0 + 20 * DAY);
    await authenticate(store, used.token, 'https://a'); // refreshes lastSeenAt
    vi.setSystemTime(T0 + 31 * DAY);
    const r = await pruneOnce(store, log, { now: () => Date.now() });
    expect(r?.sessions).toBe(1);
    await expect(authenticate(store, idle.token, 'https://a')).rejects.toMatchObject({ code: 'session_unknown' });
    expect(await store.getConversation('c-idle')).toBeNull();
    expect(await store.hasMessage('m-idle')).toBe(false);
    expect(await store.getSend(idleSession.id, 'x')).toBeNull();
    expect(await store.lastEventId(idleSession.id)).toBe(0);
    expect((await authenticate(store, used.token, 'https://a')).id).toBeTruthy();

    // configurable: 11 days after its last use, a 10-day idle limit expires the other one too
    vi.setSystemTime(T0 + 42 * DAY);
    expect((await pruneOnce(store, log, { now: () => Date.now(), sessionIdleDays: 12 }))?.sessions).toBe(0);
    expect((await pruneOnce(store, log, { now: () => Date.now(), sessionIdleDays: 10 }))?.sessions).toBe(1);
  });

  it('refreshes lastSeenAt at most once a minute', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    const { store } = open();
    const { token } = await createOrResumeSession(store, 'https://a', undefined);
    const touch = vi.spyOn(store, 'touchSession');
    await authenticate(store, token, 'https://a');
    vi.setSystemTime(T0 + TOUCH_EVERY_MS - 1);
    await authenticate(store, token, 'https://a');
    expect(touch).not.toHaveBeenCalled();
    vi.setSystemTime(T0 + TOUCH_EVERY_MS + 1);
    await authenticate(store, token, 'https://a');
    expect(touch).toHaveBeenCalledTimes(1);
  });

  it('prunes events of conversations ended past the retention period, keeping their transcript', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    const { store } = open();
    await store.createSession({ id: 's1', origin: 'https://a', endUserId: 'u', conversationId: 'c-new', createdAt: T0, lastSeenAt: T0 + 9 * DAY }, 'h');
    await store.insertConversation(conv('c-old', 's1', { status: 'ended', endedAt: new Date(T0 + DAY).toISOString(), endedBy: 'end_user' }));
    await store.insertConversation(conv('c-new', 's1'));
    await store.insertMessage('s1', msg('m-old', 'c-old'));
    await appendEvent(store, 's1', { type: 'conversation.started', conversation: { id: 'c-old', status: 'active', createdAt: '', endedAt: null, endedBy: null, handoff: null } });
    await appendEvent(store, 's1', { type: 'message', message: msg('m-old', 'c-old') });
    await appendEvent(store, 's1', { type: 'conversation.ended', conversationId: 'c-old', endedBy: 'end_user', endedAt: '' });
    await appendEvent(store, 's1', { type: 'error', code: 'ada_unavailable', message: 'x', clientId: 'c' });
    const keep = await appendEvent(store, 's1', { type: 'message', message: msg('m-new', 'c-new') });

    expect((await pruneOnce(store, log, { now: () => T0 + 7 * DAY }))?.events).toBe(0);
    const r = await pruneOnce(store, log, { now: () => T0 + 9 * DAY });
    expect(r?.events).toBe(4);
    expect((await store.eventsAfter('s1', 0, 100)).map((e) => e.id)).toEqual([keep]);
    expect(await store.messagesOf('c-old')).toHaveLength(1);
    // ids keep growing after a prune (AUTOINCREMENT), so Last-Event-ID never points backwards
    expect(await appendEvent(store, 's1', { type: 'handoff.ended', conversationId: 'c-new' })).toBeGreaterThan(keep);
  });

  it('migrates a database created before retention, tagging old events with their conversation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-retention-'));
    dirs.push(dir);
    const db = new Database(join(dir, 'parley.db'));
    db.exec(`CREATE TABLE sessions (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, origin TEXT NOT NULL, end_user_id TEXT,
        conversation_id TEXT, created_at INTEGER NOT NULL);
      CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL);`);
    db.prepare('INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?)').run('s1', 'h', 'https://a', null, null, T0);
    db.prepare('INSERT INTO events (session_id, body, created_at) VALUES (?, ?, ?)').run('s1', JSON.stringify({ type: 'handoff.ended', conversationId: 'c-old' }), T0);
    db.close();
    const store = openSqliteStore(dir);
    stores.push(store);
    await store.insertConversation(conv('c-old', 's1', { status: 'ended', endedAt: new Date(T0).toISOString() }));
    expect((await store.getSession('s1'))?.lastSeenAt).toBe(T0);
    expect((await pruneOnce(store, log, { now: () => T0 + 8 * DAY }))?.events).toBe(1);
  });

  it('runs at start and then on an unref\'d timer, and stops cleanly', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { store } = open();
    const prune = vi.spyOn(store, 'prune');
    const retention = startRetention(store, log, { everyMs: 1_000, now: () => T0 });
    await retention.first;
    expect(prune).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(prune).toHaveBeenCalledTimes(4);
    await retention.stop();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(prune).toHaveBeenCalledTimes(4);
  });

  it('prunes only while this instance holds the retention lease', async () => {
    const { store } = open();
    const prune = vi.spyOn(store, 'prune');
    let holder = false;
    const retention = startRetention(store, log, { everyMs: 60_000, lease: async () => holder });
    await retention.first;
    expect(prune).not.toHaveBeenCalled();
    holder = true;
    await retention.stop();
    const again = startRetention(store, log, { everyMs: 60_000, lease: async () => holder });
    await again.first;
    expect(prune).toHaveBeenCalledTimes(1);
    await again.stop();
  });

  it('logs and survives a failed run', async () => {
    const { store } = open();
    vi.spyOn(store, 'prune').mockRejectedValueOnce(new Error('disk'));
    expect(await pruneOnce(store, log)).toBeNull();
    expect(await pruneOnce(store, log)).not.toBeNull();
  });
});
