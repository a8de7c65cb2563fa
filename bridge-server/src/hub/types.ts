import type { StoredEvent } from '../store/types';

/** Receives the events of one session, in id order. */
export type EventListener = (event: StoredEvent) => void;

/**
 * Fan-out of stored events to the open streams of a session: in-process (memoryHub.ts) for one bridge, or across
 * instances through Redis (redisHub.ts), where delivery may come a moment after `publish`; both pass hubContract.ts.
 */
export interface EventHub {
  /** Registers a listener; returns the function that removes it. */
  subscribe(sessionId: string, listener: EventListener): () => void;
  publish(sessionId: string, event: StoredEvent): void;
  /** Sessions with at least one open stream, on any instance (for periodic reconciliation). */
  activeSessions(): string[];
  /** Number of open listeners in total. */
  size(): number;
}
