import { BridgeError, isBridgeError } from '../errors';

/** The error a request gets while Redis cannot serve it (the cause is kept for the log). */
export function unavailable(cause: unknown): BridgeError {
  if (isBridgeError(cause)) return cause;
  // The cause names the backend for /healthz and the log, as the SQLite store's names the file's problem.
  const why = new Error(`Redis unreachable (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  return new BridgeError('unavailable', 'The chat service cannot reach its data store right now; please try again in a moment.', { cause: why });
}

/**
 * Wraps every method of `target` that returns a promise so a Redis failure rejects with `unavailable`
 * (503) instead of an unknown error (500). The call itself is made synchronously, so commands keep the order
 * they were called in (the Redis hub relies on it, see redisHub.ts).
 */
export function withUnavailable<T extends object>(target: T): T {
  const out = {} as Record<string, unknown>;
  for (const [key, value] of Object.entries(target)) {
    out[key] = typeof value === 'function'
      ? (...args: unknown[]) => {
        const r: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        return r instanceof Promise ? r.catch((err: unknown) => { throw unavailable(err); }) : r;
      }
      : value;
  }
  return out as T;
}
