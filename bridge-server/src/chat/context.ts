import type { Logger } from 'pino';
import type { AdaClient } from '../ada/adaClient';
import type { EventHub } from '../hub/types';
import type { Metrics } from '../metrics';
import type { BridgeEvent } from '../protocol/events';
import type { Store } from '../store/types';
import { commit } from './commit';
import type { EchoState } from './echoState';
import type { Leases } from './leases';

/** What the chat domain needs; built once in server.ts. No HTTP types here. */
export interface ChatContext {
  store: Store;
  hub: EventHub;
  ada: AdaClient;
  logger: Logger;
  metrics: Metrics;
  /** The custom channel id (resolved at start-up). */
  channelId: string;
  /** End-user posts in flight and the webhook messages parked meanwhile (echo merge; shared across instances). */
  echo: EchoState;
  /** One instance at a time: the channel lock, the reconciliation lease. */
  leases: Leases;
  /** Reconciliation timing (reconcile.ts `isStale`); `settleMs` defaults to `SETTLE_MS`. */
  reconcile: { graceMs: number; minIntervalMs: number; maxAgeMs: number; settleMs?: number };
}

/**
 * Persists an event for a session, then fans it out (through `commit`, so it is published after its commit and in
 * id order). Persist first, so a stream that resumes with Last-Event-ID finds everything it could have missed.
 * @example await emit(ctx, session.id, { type: 'handoff.ended', conversationId });
 */
export async function emit(ctx: ChatContext, sessionId: string, event: BridgeEvent): Promise<number> {
  const r = await commit(ctx, { sessionId, events: [event] });
  const stored = r.status === 'applied' ? r.events[0] : undefined;
  if (!stored) throw new Error('the store appended no event');
  return stored.id;
}
