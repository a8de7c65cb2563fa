import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer, type Checkpointer } from './checkpointer';

/** The WAL header's checkpoint sequence number: SQLite adds one each time the WAL starts over from its beginning. */
function walSequence(file: string): number {
  const fd = openSync(`${file}-wal`, 'r');
  try {
    const header = Buffer.alloc(16);
    readSync(fd, header, 0, 16, 0);
    return header.readUInt32BE(12);
  } finally {
    closeSync(fd);
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('startCheckpointer', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  function openDb(): { db: Database.Database; file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'parley-ckpt-'));
    const file = join(dir, 'test.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    return { db, file };
  }

  function start(file: string, db: Database.Database, maxHoldMs?: number): Checkpointer {
    const failures: unknown[] = [];
    const cp = startCheckpointer({ file, everyMs: 20, holdAfterFrames: 40, maxHoldMs, onFailure: (err) => failures.push(err) });
    cleanup.push(async () => {
      await cp.stop();
      db.close();
      expect(failures).toEqual([]);
    });
    return cp;
  }

  it('lets the WAL start over while writes never stop, when writers wait out its holds', async () => {
    const { db, file } = openDb();
    // A hold lasts until the worker's last round is done: the 5 ms default bound assumes the worker thread gets a
    // core within 5 ms, which a loaded machine does not promise, and a hold cut short is a write that did not wait.
    const cp = start(file, db, 1000);
    const insert = db.prepare('INSERT INTO t (body) VALUES (randomblob(4000))');
    insert.run();
    const first = walSequence(file);
    // Writes go on until the WAL has started over twice: the outcome itself, not a span of wall time, which a loaded
    // machine fills with fewer worker rounds (the worker is a thread on the same cores). The bounds only end a run
    // that would never get there: the worker never asking for a hold, or holds that never let the WAL start over.
    let holds = 0;
    let writes = 0;
    while (walSequence(file) - first < 2 && holds < 20 && writes < 20_000) {
      const hold = cp.writable();
      if (hold) {
        holds++;
        await hold;
      }
      insert.run(); // one page a write, with no pause between writes but the holds
      writes++;
      await nextTurn();
    }
    expect(holds).toBeGreaterThan(1);
    // Without the holds the sequence stays where it was: PASSIVE rounds alone never catch up with these writes.
    expect(walSequence(file) - first).toBeGreaterThan(1);
  });

  it('ends a hold on stop, so no writer waits on a stopped worker', async () => {
    const { db, file } = openDb();
    const cp = start(file, db);
    const insert = db.prepare('INSERT INTO t (body) VALUES (randomblob(4000))');
    let hold: Promise<void> | null = null;
    const until = performance.now() + 3000;
    while (!hold && performance.now() < until) {
      insert.run();
      await nextTurn();
      hold = cp.writable();
    }
    expect(hold).not.toBeNull();
    await cp.stop();
    await expect(hold).resolves.toBeUndefined();
    expect(cp.writable()).toBeNull();
  });
});
