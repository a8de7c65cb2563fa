const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Svix's (and so Ada's) delivery schedule (§6): the delay before attempt n+1 is `RETRY_SCHEDULE_MS[n]`.
 * Attempt 1 goes immediately; after the 8th failure the delivery is given up.
 */
export const RETRY_SCHEDULE_MS: readonly number[] = [0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];

/** Receivers must answer within 15 s (§6). */
export const DELIVERY_TIMEOUT_MS = 15 * SECOND;

/** Delay (ms, time-scaled) before the given 1-based attempt, or null when no attempt is left. */
export function delayBeforeAttempt(attempt: number, timeScale: number): number | null {
  const base = RETRY_SCHEDULE_MS[attempt - 1];
  return base === undefined ? null : base * timeScale;
}
