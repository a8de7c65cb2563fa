import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
    const e1 = await store.appendEvent('s1', { type: 'handoff.ended', conversationId: 'c' });
    await store.appendEvent('s2', { type: 'handoff.ended', conversationId: 'c' });
    const e3 = await store.appendEvent('s1', { type: 'handoff.ended', conversationId: 'c' });
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
});
