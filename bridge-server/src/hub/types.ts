import type { StoredEvent } from '../store/types';

/** Receives the events of one session, in id order. */
export type EventListener = (event: StoredEvent) => void;

/**
 * Fan-out of stored events to the open streams of a session. In-process now; a Redis pub/sub implementation
 * can replace it so several bridge instances serve together.
 */
export interface EventHub {
  /** Registers a listener; returns the function that removes it. */
  subscribe(sessionId: string, listener: EventListener): () => void;
  publish(sessionId: string, event: StoredEvent): void;
  /** Sessions with at least one open stream (for periodic reconciliation). */
  activeSessions(): string[];
  /** Number of open listeners in total. */
  size(): number;
}
