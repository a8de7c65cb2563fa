import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { ChatMessage } from '../protocol/api';
import type { BridgeEvent } from '../protocol/events';
import type { ConversationRecord, PruneResult, SendRecord, SessionRecord, Store, StoredEvent } from './types';
import { startCheckpointer } from './checkpointer';
import { conversationOf } from './eventConversation';
import { createFileGuard } from './fileGuard';
import { identityMethods } from './sqliteIdentities';
import { MIGRATIONS, POST_MIGRATION_INDEXES, SCHEMA } from './schema';
import { createRecordCache } from './recordCache';
import { conversationUpdater, writeSetApplier, type ConversationUpdater } from './writeSets';

interface ConversationRow {
  id: string; session_id: string; status: 'active' | 'ended'; created_at: string; ended_at: string | null;
  ended_by: ConversationRecord['endedBy']; handoff: string | null;
  last_send_at: number; last_webhook_at: number; last_reconciled_at: number;
}
interface SessionRow {
  id: string; origin: string; end_user_id: string | null; conversation_id: string | null; created_at: number; last_seen_at: number | null;
  external_id: string | null;
}

const toSession = (r: SessionRow): SessionRecord => ({
  id: r.id, origin: r.origin, endUserId: r.end_user_id, conversationId: r.conversation_id, createdAt: r.created_at,
  lastSeenAt: r.last_seen_at ?? r.created_at,
  // Only signed-in visitors' sessions carry it (as the Redis store, which keeps no absent field).
  ...(r.external_id ? { externalId: r.external_id } : {}),
});


const toConversation = (r: ConversationRow): ConversationRecord => ({
  id: r.id, sessionId: r.session_id, status: r.status, createdAt: r.created_at, endedAt: r.ended_at, endedBy: r.ended_by,
  handoff: r.handoff ? (JSON.parse(r.handoff) as ConversationRecord['handoff']) : null,
  lastSendAt: r.last_send_at, lastWebhookAt: r.last_webhook_at, lastReconciledAt: r.last_reconciled_at,
});

/** Options of `openSqliteStore`. */
export interface SqliteStoreOptions {
  /** Where the store logs a full disk and a database file deleted, replaced or corrupted while running. */
  logger?: Logger;
  /** Test seam: while it returns true, every write fails as on a full disk (see fileGuard.ts). */
  failWrites?: () => boolean;
}

/**
 * The embedded store: one SQLite file (`parley.db`) in `dataDir`, WAL mode with `synchronous = NORMAL` (a commit
 * survives a process crash; only an OS crash can lose the last ones). better-sqlite3 is synchronous, which keeps
 * each method atomic with respect to the event loop (no interleaving inside a call). Checkpoints run on a worker
 * thread (checkpointer.ts), so no commit pays for copying the WAL back and fsyncing; write sets wait out its short
 * holds, which let the WAL start over under steady writes. Writes go through a file guard (fileGuard.ts): a disk
 * that cannot take them answers 503 `unavailable`, a file deleted or replaced under it stops them.
 * @example const store = openSqliteStore('./data', { logger });
 */
export function openSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): Store {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'parley.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // The WAL file is reused after a full checkpoint; this trims it back when a burst made it large.
  db.pragma('journal_size_limit = 67108864');
  db.exec(SCHEMA);
  for (const m of MIGRATIONS) {
    const columns = db.prepare<[], { name: string }>(`PRAGMA table_info(${m.table})`).all();
    if (columns.some((c) => c.name === m.column)) continue;
    db.transaction(() => {
      db.exec(`ALTER TABLE ${m.table} ADD COLUMN ${m.column} ${m.definition}`);
      if (m.backfill) db.exec(m.backfill);
    })();
  }
  db.exec(POST_MIGRATION_INDEXES);
  db.pragma('wal_autocheckpoint = 0');
  const guard = createFileGuard({ file, logger: options.logger, failWrites: options.failWrites });
  const { write, read } = guard;
  const checkpointer = startCheckpointer({
    file,
    // Never go without checkpoints: if the worker fails, this connection checkpoints itself again (SQLite's default).
    onFailure: () => {
      if (db.open) db.pragma('wal_autocheckpoint = 1000');
    },
  });
  // UPDATE statements built from a patch's keys: few distinct shapes, so each is compiled once.
  const updates = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let stmt = updates.get(sql);
    if (!stmt) updates.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  };

  const q = {
    insertSession: db.prepare(`INSERT INTO sessions (id, token_hash, origin, end_user_id, conversation_id, created_at, last_seen_at, external_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    touchSession: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?'),
    sessionByHash: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?'),
    // An added token resolves to its session, with the origin the token was issued for.
    sessionByAddedHash: db.prepare<[string], SessionRow>(
      'SELECT s.*, t.origin AS origin FROM session_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = ?'),
    session: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?'),
    insertConversation: db.prepare(`INSERT INTO conversations (id, session_id, status, created_at, ended_at, ended_by, handoff,
      last_send_at, last_webhook_at, last_reconciled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    conversation: db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?'),
    insertMessage: db.prepare(`INSERT OR IGNORE INTO messages (id, conversation_id, session_id, created_at, body) VALUES (?, ?, ?, ?, ?)`),
    hasMessage: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM messages WHERE id = ?'),
    message: db.prepare<[string], { body: string }>('SELECT body FROM messages WHERE id = ?'),
    messagesOf: db.prepare<[string], { body: string }>('SELECT body FROM messages WHERE conversation_id = ? ORDER BY created_at, rowid'),
    getSend: db.prepare<[string, string], { body: string }>('SELECT body FROM sends WHERE session_id = ? AND client_id = ?'),
    putSend: db.prepare('INSERT OR REPLACE INTO sends (session_id, client_id, body) VALUES (?, ?, ?)'),
    appendEvent: db.prepare('INSERT INTO events (session_id, body, created_at, conversation_id) VALUES (?, ?, ?, ?)'),
    eventsAfter: db.prepare<[string, number, number], { id: number; body: string }>(
      'SELECT id, body FROM events WHERE session_id = ? AND id > ? ORDER BY id LIMIT ?'),
    lastEvent: db.prepare<[string], { id: number | null }>('SELECT MAX(id) AS id FROM events WHERE session_id = ?'),
    hasSeen: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM webhook_ids WHERE id = ?'),
    markSeen: db.prepare('INSERT OR IGNORE INTO webhook_ids (id, received_at) VALUES (?, ?)'),
    getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    setSetting: db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)'),
    ping: db.prepare('SELECT 1'),
    probe: db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('health_probe', ?)"),
  };

  const conversations = createRecordCache<ConversationRecord>(10_000);
  const update = conversationUpdater(prepared);
  const updateConversation: ConversationUpdater = (id, patch, guard) => {
    const changed = update(id, patch, guard);
    conversations.drop(id);
    return changed;
  };
  const appendEvent = (sessionId: string, event: BridgeEvent, at: number): StoredEvent => ({
    id: Number(q.appendEvent.run(sessionId, JSON.stringify(event), at, conversationOf(event)).lastInsertRowid), event,
  });
  const applyBatch = writeSetApplier(db, { markSeen: q.markSeen, insertMessage: q.insertMessage, updateConversation, appendEvent });
  const pruneTx = db.transaction((c: { webhookIdsBefore: number; sessionsIdleBefore: number; endedEventsBefore: number }): PruneResult => {
    const webhookIds = db.prepare('DELETE FROM webhook_ids WHERE received_at < ?').run(c.webhookIdsBefore).changes;
    const idle = `SELECT id FROM sessions WHERE coalesce(last_seen_at, created_at) < ?`;
    let events = 0;
    for (const table of ['events', 'sends', 'messages', 'conversations', 'session_tokens', 'identities']) {
      const changes = db.prepare(`DELETE FROM ${table} WHERE session_id IN (${idle})`).run(c.sessionsIdleBefore).changes;
      if (table === 'events') events += changes;
    }
    const sessions = db.prepare('DELETE FROM sessions WHERE coalesce(last_seen_at, created_at) < ?').run(c.sessionsIdleBefore).changes;
    const endedBefore = new Date(c.endedEventsBefore).toISOString();
    events += db.prepare(`DELETE FROM events WHERE conversation_id IN
      (SELECT id FROM conversations WHERE status = 'ended' AND ended_at < ?)`).run(endedBefore).changes;
    events += db.prepare('DELETE FROM events WHERE conversation_id IS NULL AND created_at < ?').run(c.endedEventsBefore).changes;
    return { webhookIds, sessions, events };
  });

  return {
    async createSession(s, tokenHash) {
      write(() => q.insertSession.run(s.id, tokenHash, s.origin, s.endUserId, s.conversationId, s.createdAt, s.lastSeenAt ?? s.createdAt, s.externalId ?? null));
    },
    async findSessionByTokenHash(hash) {
      const row = read(() => q.sessionByHash.get(hash) ?? q.sessionByAddedHash.get(hash));
      return row ? toSession(row) : null;
    },
    async getSession(id) {
      const row = read(() => q.session.get(id));
      return row ? toSession(row) : null;
    },
    async updateSession(id, patch) {
      write(() => {
        if (patch.endUserId !== undefined) prepared('UPDATE sessions SET end_user_id = ? WHERE id = ?').run(patch.endUserId, id);
        if (patch.conversationId !== undefined) prepared('UPDATE sessions SET conversation_id = ? WHERE id = ?').run(patch.conversationId, id);
      });
    },
    async insertConversation(c) {
      conversations.drop(c.id);
      write(() => q.insertConversation.run(c.id, c.sessionId, c.status, c.createdAt, c.endedAt, c.endedBy,
        c.handoff ? JSON.stringify(c.handoff) : null, c.lastSendAt, c.lastWebhookAt, c.lastReconciledAt));
    },
    async getConversation(id) {
      return conversations.read(id, () => {
        const row = read(() => q.conversation.get(id));
        return row ? toConversation(row) : null;
      });
    },
    async updateConversation(id, patch) {
      write(() => updateConversation(id, patch));
    },
    async activeConversationsOf(sessionIds) {
      if (sessionIds.length === 0) return [];
      const out: ConversationRecord[] = [];
      // Chunked to stay under SQLite's bound-parameter limit.
      for (let i = 0; i < sessionIds.length; i += 500) {
        const chunk = sessionIds.slice(i, i + 500);
        const rows = prepared(
          `SELECT * FROM conversations WHERE status = 'active' AND session_id IN (${chunk.map(() => '?').join(',')})`,
        ).all(...chunk) as ConversationRow[];
        out.push(...rows.map(toConversation));
      }
      return out;
    },
    async insertMessage(sessionId, m) {
      return write(() => q.insertMessage.run(m.id, m.conversationId, sessionId, m.createdAt, JSON.stringify(m)).changes === 1);
    },
    async hasMessage(id) {
      return read(() => q.hasMessage.get(id)) !== undefined;
    },
    async getMessage(id) {
      const row = read(() => q.message.get(id));
      return row ? (JSON.parse(row.body) as ChatMessage) : null;
    },
    async messagesOf(conversationId) {
      return read(() => q.messagesOf.all(conversationId)).map((r) => JSON.parse(r.body) as ChatMessage);
    },
    async getSend(sessionId, clientId) {
      const row = read(() => q.getSend.get(sessionId, clientId));
      return row ? (JSON.parse(row.body) as SendRecord) : null;
    },
    async putSend(send) {
      write(() => q.putSend.run(send.sessionId, send.clientId, JSON.stringify(send)));
    },
    async applyWrites(sets) {
      // The hot path waits out the checkpointer's short hold, so the WAL can start over (checkpointer.ts).
      const hold = checkpointer.writable();
      if (hold) await hold;
      // A set that failed alone keeps its error, translated (a full disk is `unavailable`, answered 503).
      return write(() => applyBatch(sets)).map((r) => (r.status === 'failed' ? { status: 'failed', error: guard.translate(r.error) } : r));
    },
    async eventsAfter(sessionId, afterId, limit): Promise<StoredEvent[]> {
      return read(() => q.eventsAfter.all(sessionId, afterId, limit)).map((r) => ({ id: r.id, event: JSON.parse(r.body) as BridgeEvent }));
    },
    async lastEventId(sessionId) {
      return read(() => q.lastEvent.get(sessionId))?.id ?? 0;
    },
    async hasWebhook(id) {
      return read(() => q.hasSeen.get(id)) !== undefined;
    },
    async markWebhookSeen(id, at) {
      return write(() => q.markSeen.run(id, at).changes === 1);
    },
    async touchSession(id, at) {
      write(() => q.touchSession.run(at, id));
    },
    async prune(cutoffs) {
      const pruned = write(() => pruneTx(cutoffs));
      conversations.clear();
      return pruned;
    },
    ...identityMethods(db, guard),
    async getSetting(key) {
      return read(() => q.getSetting.get(key))?.value ?? null;
    },
    async setSetting(key, value) {
      write(() => q.setSetting.run(key, value));
    },
    async ping() {
      guard.check();
      read(() => q.ping.get());
      // A store that cannot write cannot serve: a tiny write tells a full disk (and its end) apart.
      write(() => q.probe.run(String(Date.now())));
    },
    async close() {
      guard.stop();
      await checkpointer.stop();
      if (db.open) db.close();
    },
  };
}
