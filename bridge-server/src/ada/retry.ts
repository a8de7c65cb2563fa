/** Options of `retryWithin`. */
export interface RetryOptions {
  /** Total time budget in ms; no attempt starts after it. */
  deadlineMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Returns true when the error is transient (worth another attempt). */
  isRetryable: (err: unknown) => boolean;
  /** Called before each new attempt (after the first); may resolve a value that ends the loop early. */
  beforeRetry?: (err: unknown, attempt: number) => Promise<{ value: unknown } | undefined>;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` until it succeeds, fails permanently or the deadline passes, waiting with exponential backoff and
 * full jitter (random in [0, min(max, base·2^n)]) between attempts, as AWS recommends for contended APIs.
 * `fn` receives the milliseconds left so it can bound its own timeout.
 * @example await retryWithin((left) => fetchWithTimeout(url, left), { deadlineMs: 10000, baseDelayMs: 200, maxDelayMs: 2000, isRetryable });
 */
export async function retryWithin<T>(fn: (msLeft: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const deadline = now() + options.deadlineMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(Math.max(1, deadline - now()));
    } catch (err) {
      if (!options.isRetryable(err)) throw err;
      const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
      const delay = Math.floor(random() * cap);
      if (now() + delay >= deadline) throw err;
      await sleep(delay);
      const early = await options.beforeRetry?.(err, attempt + 1);
      if (early) return early.value as T;
    }
  }
}
