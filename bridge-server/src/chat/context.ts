import type { Logger } from 'pino';
import type { AdaClient } from '../ada/adaClient';
import type { EventHub } from '../hub/types';
import type { Metrics } from '../metrics';
import type { ChatMessage } from '../protocol/api';
import type { BridgeEvent } from '../protocol/events';
import type { Store } from '../store/types';
import { commit } from './commit';

/** What the chat domain needs; built once in server.ts. No HTTP types here. */
export interface ChatContext {
  store: Store;
  hub: EventHub;
  ada: AdaClient;
  logger: Logger;
  metrics: Metrics;
  /** The custom channel id (resolved at start-up). */
  channelId: string;
  /** Conversation ids with an end-user post in flight, with a count (echo merge). */
  inFlight: Map<string, number>;
  /** End-user messages that arrived by webhook while a post was in flight, per conversation. */
  parked: Map<string, { message: ChatMessage }[]>;
  reconcile: { graceMs: number; minIntervalMs: number; maxAgeMs: number };
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
