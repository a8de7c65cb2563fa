/**
 * Work that one instance at a time must do when several bridges share a store: a lock around creating the Ada
 * channel, and leases for periodic reconciliation and retention. One bridge holds everything (memory); in Redis
 * mode they are keys with an expiry (redis/leases.ts), so a crashed holder frees them by itself.
 */
export interface Leases {
  /**
   * Runs `fn` holding the named lock, waiting while another instance holds it. `ttlMs`: how long a lock whose holder
   * crashed blocks the others (Redis; default the backend's).
   */
  withLock<T>(name: string, fn: () => Promise<T>, ttlMs?: number): Promise<T>;
  /** Takes or renews the named lease for `ttlMs`; true while this instance holds it. Never throws. */
  hold(name: string, ttlMs: number): Promise<boolean>;
  /** Gives up the leases this instance holds (at shutdown), so another takes over at once. */
  release(): Promise<void>;
}

/**
 * Leases of a single bridge: every lease is its own; locks run one after another in this process.
 * @example const leases = createLocalLeases(); if (await leases.hold('reconcile', 15_000)) await round();
 */
export function createLocalLeases(): Leases {
  const tails = new Map<string, Promise<unknown>>();
  return {
    withLock(name, fn) {
      const run = (tails.get(name) ?? Promise.resolve()).then(fn, fn);
      const tail = run.catch(() => undefined);
      tails.set(name, tail);
      void tail.then(() => { if (tails.get(name) === tail) tails.delete(name); });
      return run;
    },
    hold: async () => true,
    release: async () => undefined,
  };
}
