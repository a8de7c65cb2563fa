import type { Logger } from 'pino';
import type { PruneResult, Store } from '../store/types';

const DAY = 24 * 60 * 60 * 1000;

/** How long the store keeps things, in days, and how often pruning runs. */
export interface RetentionOptions {
  /** Webhook delivery ids (dedupe by svix-id). Svix retries for about a week (ada-api.md §6), so 8 days. */
  webhookIdDays?: number;
  /** A session unused this long expires with everything it holds (its widget starts a new one). Default 30. */
  sessionIdleDays?: number;
  /** Events of an ended conversation (Last-Event-ID replay); its transcript stays for history. Default 7. */
  endedEventDays?: number;
  /** Default hourly. */
  everyMs?: number;
  /** Injected clock (tests). */
  now?: () => number;
  /** With several instances: a run prunes only while this says this instance holds the retention lease. */
  lease?: () => Promise<boolean>;
}

/** The cutoffs of one pruning run at `now`. */
function cutoffsAt(now: number, o: RetentionOptions = {}) {
  return {
    webhookIdsBefore: now - (o.webhookIdDays ?? 8) * DAY,
    sessionsIdleBefore: now - (o.sessionIdleDays ?? 30) * DAY,
    endedEventsBefore: now - (o.endedEventDays ?? 7) * DAY,
  };
}

/** Prunes once; never throws (a failed run is logged and the next one tries again). */
export async function pruneOnce(store: Store, logger: Logger, o: RetentionOptions = {}): Promise<PruneResult | null> {
  try {
    const result = await store.prune(cutoffsAt((o.now ?? Date.now)(), o));
    if (result.webhookIds + result.sessions + result.events > 0) logger.info(result, 'pruned expired data');
    return result;
  } catch (err) {
    logger.error({ err }, 'pruning failed');
    return null;
  }
}

/**
 * Prunes now and then every `everyMs` on an unref'd timer (it never keeps the process alive).
 * Returns a stop function and the first run's promise.
 * @example const retention = startRetention(store, logger, { sessionIdleDays: 30 }); retention.stop();
 */
export function startRetention(store: Store, logger: Logger, o: RetentionOptions = {}) {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = running.then(async () => (o.lease && !(await o.lease()) ? null : pruneOnce(store, logger, o)));
    return running;
  };
  const first = run();
  const timer = setInterval(() => void run(), o.everyMs ?? 60 * 60 * 1000);
  timer.unref();
  return {
    first,
    /** Stops the timer and waits for a run in progress (so the store can close after it). */
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
