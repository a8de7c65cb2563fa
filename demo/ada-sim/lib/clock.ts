/** A clock whose timestamps never repeat or go backwards, so `created_at` orders events strictly. */
export interface Clock {
  /** ISO 8601 with milliseconds, strictly after the previous call's value. */
  now(): string;
}

/**
 * Creates a strictly increasing ISO clock.
 * @example const clock = createClock(); clock.now() < clock.now(); // true
 */
export function createClock(source: () => number = Date.now): Clock {
  let last = 0;
  return {
    now() {
      last = Math.max(source(), last + 1);
      return new Date(last).toISOString();
    },
  };
}
