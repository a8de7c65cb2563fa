/** Lets callers wait until some condition about pending work holds. */
export interface IdleWaiter {
  /** Resolves once `isIdle()` is true (checked now and on every {@link IdleWaiter.check}). */
  wait(): Promise<void>;
  /** Re-evaluates the condition; call it whenever pending work changes. */
  check(): void;
}

/**
 * Creates a waiter over an idle predicate. The check is deferred by one macrotask so that work which
 * schedules follow-up work synchronously (a reply that triggers a delivery) is not seen as idle in between.
 */
export function createIdleWaiter(isIdle: () => boolean): IdleWaiter {
  let waiters: Array<() => void> = [];
  let scheduled = false;
  const check = (): void => {
    if (scheduled || waiters.length === 0) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      if (!isIdle()) return;
      const done = waiters;
      waiters = [];
      for (const resolve of done) resolve();
    }, 0);
  };
  return {
    wait() {
      const promise = new Promise<void>((resolve) => waiters.push(resolve));
      check();
      return promise;
    },
    check,
  };
}
