/**
 * SQLite schema of the embedded store. `events.id` is AUTOINCREMENT so SSE ids only ever grow, even after
 * deletes; they are filtered per session, so each session sees an increasing (gapped) sequence.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  origin TEXT NOT NULL,
  end_user_id TEXT,
  conversation_id TEXT,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER
);
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  ended_at TEXT,
  ended_by TEXT,
  handoff TEXT,
  last_send_at INTEGER NOT NULL DEFAULT 0,
  last_webhook_at INTEGER NOT NULL DEFAULT 0,
  last_reconciled_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS conversations_session ON conversations (session_id, status);
CREATE TABLE IF NOT EXISTS messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_conversation ON messages (conversation_id, created_at);
CREATE TABLE IF NOT EXISTS sends (
  session_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (session_id, client_id)
);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  conversation_id TEXT
);
CREATE INDEX IF NOT EXISTS events_session ON events (session_id, id);
CREATE TABLE IF NOT EXISTS webhook_ids (
  id TEXT PRIMARY KEY,
  received_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_ids_received ON webhook_ids (received_at);
CREATE TABLE IF NOT EXISTS identities (
  key TEXT PRIMARY KEY,
  external_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  profile TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS session_tokens (
  token_hash TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  origin TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS session_tokens_session ON session_tokens (session_id);
CREATE TABLE IF NOT EXISTS settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/**
 * Columns added after the first release, for databases created before them; applied after SCHEMA.
 * Each entry: table, column, definition, and SQL run once right after the column is added (backfill).
 */
export const MIGRATIONS: { table: string; column: string; definition: string; backfill?: string }[] = [
  { table: 'sessions', column: 'last_seen_at', definition: 'INTEGER' },
  { table: 'sessions', column: 'external_id', definition: 'TEXT' },
  {
    table: 'events', column: 'conversation_id', definition: 'TEXT',
    backfill: `UPDATE events SET conversation_id = coalesce(json_extract(body, '$.conversationId'),
      json_extract(body, '$.message.conversationId'), json_extract(body, '$.conversation.id'))`,
  },
];

/** Indexes on migrated columns (created after MIGRATIONS so old databases have the columns). */
export const POST_MIGRATION_INDEXES = `
CREATE INDEX IF NOT EXISTS events_conversation ON events (conversation_id);
CREATE INDEX IF NOT EXISTS sessions_last_seen ON sessions (last_seen_at);
CREATE INDEX IF NOT EXISTS conversations_ended ON conversations (status, ended_at);
`;
