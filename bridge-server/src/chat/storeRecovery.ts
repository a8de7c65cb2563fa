import { isBridgeError } from '../errors';
import type { ChatContext } from './context';
import { reconcile } from './reconcile';

/** Conversations noted while the store could not write, per context, and the watch waiting for it to recover. */
interface Outage {
  missed: Set<string>;
  timer: ReturnType<typeof setInterval> | null;
}

const outages = new WeakMap<ChatContext, Outage>();
/** Bound on the conversations remembered during one outage (each is one message-log fetch at recovery). */
const MAX_MISSED = 10_000;

/** True when `err` is the store refusing a write (full disk, I/O error, database file gone; Redis unreachable). */
export const isStoreUnavailable = (err: unknown): boolean =>
  isBridgeError(err) && err.code === 'unavailable';

/**
 * Notes that a webhook for `conversationId` could not be stored (it was answered 503), and watches the store until
 * it can write again (a `ping` every `everyMs`). Then every noted conversation is reconciled from Ada's message
 * log, so open streams catch up by themselves: Svix retries the 503s too, but its next tries come 5 s, then 5
 * minutes later, and gives up after the 8th. Idempotent: ingestion dedupes by message id.
 * @example if (isStoreUnavailable(err)) noteStoreOutage(ctx, data.conversation_id);
 */
export function noteStoreOutage(ctx: ChatContext, conversationId: string | null, everyMs = 1_000): void {
  let outage = outages.get(ctx);
  if (!outage) outages.set(ctx, (outage = { missed: new Set(), timer: null }));
  if (conversationId && outage.missed.size < MAX_MISSED) outage.missed.add(conversationId);
  if (outage.timer) return;
  const o = outage;
  let probing = false;
  o.timer = setInterval(() => {
    if (probing) return;
    probing = true;
    ctx.store.ping().then(() => {
      if (o.timer) clearInterval(o.timer);
      o.timer = null;
      const ids = [...o.missed];
      o.missed.clear();
      ctx.logger.info({ conversations: ids.length }, 'store writable again: catching up conversations from Ada');
      return catchUp(ctx, ids);
    }, () => undefined).finally(() => (probing = false));
  }, everyMs);
  o.timer.unref();
}

async function catchUp(ctx: ChatContext, ids: string[]): Promise<void> {
  for (const id of ids) {
    const conv = await ctx.store.getConversation(id).catch(() => null);
    // reconcile never throws; one at a time keeps the Ada limiter free for the widgets' own calls.
    if (conv) await reconcile(ctx, conv);
  }
}

/** Stops watching (shutdown). */
export function stopStoreWatch(ctx: ChatContext): void {
  const outage = outages.get(ctx);
  if (outage?.timer) clearInterval(outage.timer);
  if (outage) outage.timer = null;
}
