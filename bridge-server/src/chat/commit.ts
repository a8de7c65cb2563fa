import type { StoredEvent, WriteResult, WriteSet } from '../store/types';
import type { ChatContext } from './context';

/** A write set once committed: how it applied, its events already published to the hub. */
export type Committed = Exclude<WriteResult, { status: 'failed' }>;

interface Pending {
  set: WriteSet;
  resolve: (result: Committed) => void;
  reject: (err: unknown) => void;
}

/** The queue of one context: write sets waiting for the next flush, and whether a flush is under way. */
interface Queue {
  waiting: Pending[];
  scheduled: boolean;
}

const queues = new WeakMap<ChatContext, Queue>();

/**
 * Applies a write set through the store, then publishes its events to the hub; the only way events are
 * appended, so they reach the hub in id order.
 *
 * Group commit: sets that arrive in the same turn of the event loop (e.g. the webhooks whose bodies finished in
 * one poll) are applied by one `store.applyWrites` call, which the SQLite store commits as one transaction:
 * at thousands of webhooks a second the commit (WAL frame writes and locking, a dozen syscalls) was most of the
 * bridge's cost per webhook (bench/capacity). Each set still applies all-or-nothing; one that fails rejects its
 * own promise and publishes nothing. Events are published only after the commit, in order, before the next batch
 * is applied, so a stream never sees an event that is not stored, nor a later id before an earlier one.
 * @example const r = await commit(ctx, { sessionId, message, events: [{ type: 'message', message }] });
 */
export function commit(ctx: ChatContext, set: WriteSet): Promise<Committed> {
  let queue = queues.get(ctx);
  if (!queue) queues.set(ctx, (queue = { waiting: [], scheduled: false }));
  const q = queue;
  return new Promise<Committed>((resolve, reject) => {
    q.waiting.push({ set, resolve, reject });
    if (!q.scheduled) {
      q.scheduled = true;
      setImmediate(() => void flush(ctx, q));
    }
  });
}

async function flush(ctx: ChatContext, q: Queue): Promise<void> {
  const batch = q.waiting;
  q.waiting = [];
  let results: WriteResult[] | null = null;
  try {
    results = await ctx.store.applyWrites(batch.map((p) => p.set));
  } catch (err) {
    for (const p of batch) p.reject(err);
  }
  if (results) {
    batch.forEach((p, i) => {
      const r = results[i] ?? { status: 'failed', error: new Error('the store returned no result for a write set') };
      if (r.status === 'failed') return p.reject(r.error);
      if (r.status === 'applied') publish(ctx, p.set.sessionId, r.events);
      p.resolve(r);
    });
  }
  // Sets queued while this batch was applied go next; one flush at a time keeps publication in commit order.
  if (q.waiting.length > 0) setImmediate(() => void flush(ctx, q));
  else q.scheduled = false;
}

function publish(ctx: ChatContext, sessionId: string, events: StoredEvent[]): void {
  try {
    for (const e of events) ctx.hub.publish(sessionId, e);
  } catch (err) {
    // The events are stored (a stream resumes them with Last-Event-ID); a hub failure must not stall the queue.
    ctx.logger.error({ err, sessionId }, 'publishing committed events failed');
  }
}
