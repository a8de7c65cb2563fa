import type { EchoState } from '../chat/echoState';
import type { Leases } from '../chat/leases';
import type { EventHub } from '../hub/types';
import type { Limits, StreamCaps } from '../middleware/limits';
import type { Limiter } from '../middleware/rateLimit';
import type { Store } from '../store/types';

/** Where a bridge keeps its state: one process (SQLite and memory) or shared by several (Redis). Chosen in server.ts. */
export interface Backend {
  store: Store;
  hub: EventHub;
  echo: EchoState;
  leases: Leases;
  /** A rate limiter whose counters live in this backend; `name` keeps each limiter's keys apart. */
  limiter(o: { name: string; points: number; windowSeconds: number; what: string }): Limiter;
  /** The open-stream caps, counted where the streams of every instance are seen (this process, or Redis). */
  streamCaps(limits: Pick<Limits, 'streamsPerSession' | 'streamsPerIp'>): StreamCaps;
  /** Closes the store and whatever else the backend opened. */
  close(): Promise<void>;
}

/** What opening a backend takes besides its own settings. */
export interface BackendOptions {
  onListenerError: (err: unknown) => void;
}
