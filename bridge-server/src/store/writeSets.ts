import type Database from 'better-sqlite3';
import type { BridgeEvent } from '../protocol/events';
import type { ConversationGuard, ConversationPatch, StoredEvent, WriteResult, WriteSet } from './types';

const conversationColumns: Record<string, string> = {
  status: 'status', endedAt: 'ended_at', endedBy: 'ended_by', handoff: 'handoff', createdAt: 'created_at',
  lastSendAt: 'last_send_at', lastWebhookAt: 'last_webhook_at', lastReconciledAt: 'last_reconciled_at',
};

/** The SQL condition of each `ConversationGuard`. */
const guardSql: Record<ConversationGuard, string> = {
  active: "status = 'active'",
  no_handoff: 'handoff IS NULL',
  in_handoff: 'handoff IS NOT NULL',
};

/** Updates a conversation, only while `guard` holds when given; true when the row changed. */
export type ConversationUpdater = (id: string, patch: ConversationPatch, guard?: ConversationGuard) => boolean;

/** Builds the UPDATE of a patch's columns (statements from `prepared`, which compiles each shape once). */
export function conversationUpdater(prepared: (sql: string) => Database.Statement): ConversationUpdater {
  return (id, patch, guard) => {
    const sets: string[] = [];
    const values: (string | number | null)[] = [];
    for (const [key, value] of Object.entries(patch)) {
      const column = conversationColumns[key];
      if (!column || value === undefined) continue;
      sets.push(`${column} = ?`);
      values.push(key === 'handoff' ? (value ? JSON.stringify(value) : null) : (value as string | number | null));
    }
    if (sets.length === 0) return false;
    const where = guard ? `id = ? AND ${guardSql[guard]}` : 'id = ?';
    return prepared(`UPDATE conversations SET ${sets.join(', ')} WHERE ${where}`).run(...values, id).changes === 1;
  };
}

/** What `writeSetApplier` writes with. */
export interface WriteSetDeps {
  /** `INSERT OR IGNORE` of a webhook delivery id and its time. */
  markSeen: Database.Statement;
  /** `INSERT OR IGNORE` of a message: id, conversation id, session id, createdAt, JSON. */
  insertMessage: Database.Statement;
  updateConversation: ConversationUpdater;
  appendEvent: (sessionId: string, event: BridgeEvent, at: number) => StoredEvent;
}

/**
 * `Store.applyWrites` for SQLite: the whole batch in one transaction, so one WAL commit (its frame writes and
 * locking, most of a webhook's cost when each write committed alone) serves every set; each set in a savepoint
 * of its own, so one that fails is undone alone and the others still commit.
 */
export function writeSetApplier(db: Database.Database, d: WriteSetDeps): (sets: WriteSet[]) => WriteResult[] {
  // Nested in applyBatch's transaction, better-sqlite3 runs this one as a savepoint.
  const applySet = db.transaction((set: WriteSet): WriteResult => {
    if (set.webhook && d.markSeen.run(set.webhook.id, set.webhook.at).changes === 0) return { status: 'duplicate_delivery' };
    if (set.touch) d.updateConversation(set.touch.conversationId, set.touch.patch);
    const m = set.message;
    const newMessage = m ? d.insertMessage.run(m.id, m.conversationId, set.sessionId, m.createdAt, JSON.stringify(m)).changes === 1 : false;
    const events: StoredEvent[] = [];
    let changed = false;
    if (m && !newMessage) return { status: 'applied', newMessage, changed, events };
    const at = Date.now();
    const c = set.change;
    if (c && (changed = d.updateConversation(c.conversationId, c.patch, c.when))) {
      for (const event of c.events) events.push(d.appendEvent(set.sessionId, event, at));
    }
    for (const event of set.events ?? []) events.push(d.appendEvent(set.sessionId, event, at));
    return { status: 'applied', newMessage, changed, events };
  });
  return db.transaction((sets: WriteSet[]): WriteResult[] => sets.map((set) => {
    try {
      return applySet(set);
    } catch (error) {
      // SQLite rolls the whole transaction back on some errors (disk full, I/O): then nothing of the batch holds.
      if (!db.inTransaction) throw error;
      return { status: 'failed', error };
    }
  }));
}
