import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from './sqliteStore';
import { storeContract } from './storeContract';

storeContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
  const stores = [openSqliteStore(join(dir, 'nested'))];
  return {
    store: stores[0]!,
    async reopen() {
      const store = openSqliteStore(join(dir, 'nested'));
      stores.push(store);
      return store;
    },
    async dispose() {
      for (const s of stores) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('the SQLite store on a failing disk or file', () => {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
    dirs.push(dir);
    return dir;
  };

  it('refuses writes with unavailable while the disk is full, fails ping, and recovers by itself', async () => {
    let full = false;
    const store = openSqliteStore(tempDir(), { failWrites: () => full });
    await store.ping();
    full = true;
    await expect(store.putSend({ sessionId: 's', clientId: 'c', status: 'pending', messageId: null, conversationId: null, firstAttemptAt: 1 }))
      .rejects.toMatchObject({ code: 'unavailable', status: 503 });
    await expect(store.applyWrites([{ sessionId: 's', events: [{ type: 'handoff.ended', conversationId: 'c' }] }]))
      .rejects.toMatchObject({ code: 'unavailable' });
    await expect(store.ping()).rejects.toMatchObject({ code: 'unavailable' });
    full = false;
    await store.ping();
    expect(await store.markWebhookSeen('w', 1)).toBe(true);
    await store.close();
  });

  it.each([
    ['deleted', (file: string) => unlinkSync(file), /was deleted/],
    ['replaced', (file: string) => { unlinkSync(file); writeFileSync(file, ''); }, /was replaced/],
    ['overwritten', (file: string) => writeFileSync(file, Buffer.alloc(4096, 'x')), /no longer a SQLite database/],
  ])('stops writing and fails ping when its database file is %s while running', async (_what, harm, problem) => {
    const dir = tempDir();
    const store = openSqliteStore(dir);
    await store.setSetting('k', 'before');
    harm(join(dir, 'parley.db'));
    const err = await store.ping().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unavailable', cause: { message: expect.stringMatching(problem) } });
    await expect(store.setSetting('k', 'after')).rejects.toMatchObject({ code: 'unavailable' });
    await store.close();
  });
});
