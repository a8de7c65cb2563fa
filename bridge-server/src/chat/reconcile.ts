import type { ConversationRecord } from '../store/types';
import type { ChatContext } from './context';
import { ingestMessage, markEnded } from './ingest';
import { normaliseTime, toChatMessage } from './mapAda';

const running = new WeakMap<ChatContext, Map<string, Promise<void>>>();

/** How long after the last send a conversation that got its reply is looked at once more (`isStale`), by default. */
export const SETTLE_MS = 20_000;

/**
 * Why a conversation needs a look at Ada's message log:
 * - `connect`/`history`: something was sent since the last reconcile and no reply came since (a widget
 *   reconnecting after webhooks stopped must still see every reply);
 * - `periodic`, while the last send is recent (bounded by `maxAgeMs`): no reply webhook came since the last send;
 *   or one did, but the turn has been quiet for `settleMs` and was not looked at since. A turn can bring several
 *   messages (a reply to an earlier message coming after the last send, an answer in two parts) and any of their
 *   webhooks can be lost; that one look per turn brings them within `settleMs`, not at Svix's retry 5 minutes later.
 * All wait `graceMs` after a send (webhooks normally arrive well within it) and `minIntervalMs` between runs.
 */
export function isStale(conv: ConversationRecord, now: number, ctx: Pick<ChatContext, 'reconcile'>, reason: 'connect' | 'history' | 'periodic'): boolean {
  const { graceMs, minIntervalMs, maxAgeMs, settleMs = SETTLE_MS } = ctx.reconcile;
  if (conv.status !== 'active' || conv.lastSendAt === 0) return false;
  if (now - conv.lastSendAt < graceMs || now - conv.lastReconciledAt < minIntervalMs) return false;
  const noWebhookSinceSend = conv.lastWebhookAt < conv.lastSendAt;
  if (reason === 'periodic') {
    if (now - conv.lastSendAt > maxAgeMs) return false;
    return noWebhookSinceSend || (now - conv.lastSendAt >= settleMs && conv.lastReconciledAt < conv.lastSendAt + settleMs);
  }
  return noWebhookSinceSend || conv.lastReconciledAt < conv.lastSendAt;
}

/**
 * Fetches the conversation's message log from Ada and ingests what is missing (deduped by message id), then
 * checks whether Ada ended it. Concurrent calls for one conversation share one run. Never throws.
 */
export function reconcile(ctx: ChatContext, conv: ConversationRecord): Promise<void> {
  let map = running.get(ctx);
  if (!map) running.set(ctx, (map = new Map()));
  const existing = map.get(conv.id);
  if (existing) return existing;
  const run = (async () => {
    await ctx.store.updateConversation(conv.id, { lastReconciledAt: Date.now() });
    const logs = await ctx.ada.listMessages(conv.id);
    logs.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
    let added = 0;
    for (const log of logs) {
      const message = toChatMessage({ id: log.message_id, conversationId: conv.id, createdAt: log.created_at, author: log.author, content: log.content }, null);
      if (message && (await ingestMessage(ctx, conv, message)) === 'applied') added++;
    }
    const remote = await ctx.ada.getConversation(conv.id);
    if (remote.status === 'ended') await markEnded(ctx, conv, 'system', normaliseTime(remote.updated_at ?? ''));
    if (added > 0) ctx.logger.info({ conversationId: conv.id, added }, 'reconciled missed messages from Ada');
  })()
    .catch((err: unknown) => ctx.logger.warn({ err, conversationId: conv.id }, 'reconcile failed'))
    .finally(() => map.delete(conv.id));
  map.set(conv.id, run);
  return run;
}

/** Reconciles when `isStale` says so; resolves when done (or at once when not needed). */
export async function reconcileIfStale(ctx: ChatContext, conv: ConversationRecord, reason: 'connect' | 'history' | 'periodic'): Promise<void> {
  if (isStale(conv, Date.now(), ctx, reason)) await reconcile(ctx, conv);
}

/** Sessions looked up per store query in a periodic round; the round yields to the event loop between chunks. */
const PERIODIC_CHUNK = 250;

/**
 * Periodically reconciles the active conversations of sessions with open streams whose webhooks look stale; with
 * several instances, only the one holding the `reconcile` lease does (`activeSessions` is then cluster-wide).
 * With thousands of open streams one lookup of all their sessions held the event loop for 3–10 ms every period
 * (5,000 sessions; bench/relay), so a round reads them a chunk at a time, yielding in between. Returns a stop function.
 * @example const stop = startPeriodicReconcile(ctx, 5_000); stop();
 */
export function startPeriodicReconcile(ctx: ChatContext, everyMs: number): () => void {
  const round = async (): Promise<void> => {
    // One instance at a time (several bridges share the work): the lease outlives a missed round or two, no more.
    if (!(await ctx.leases.hold('reconcile', everyMs * 3))) return;
    const sessions = ctx.hub.activeSessions();
    const runs: Promise<void>[] = [];
    for (let i = 0; i < sessions.length; i += PERIODIC_CHUNK) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const convs = await ctx.store.activeConversationsOf(sessions.slice(i, i + PERIODIC_CHUNK));
      for (const c of convs) runs.push(reconcileIfStale(ctx, c, 'periodic'));
    }
    await Promise.all(runs);
  };
  const timer = setInterval(() => {
    round().catch((err: unknown) => ctx.logger.warn({ err }, 'periodic reconcile failed'));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
