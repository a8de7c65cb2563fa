import { describe, expect, it } from 'vitest';
import { retryWithin } from './retry';

function fakeClock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => { t += ms; } };
}

describe('retryWithin', () => {
  it('retries transient failures with full-jitter backoff until success', async () => {
    const clock = fakeClock();
    const delays: number[] = [];
    let calls = 0;
    const result = await retryWithin(async () => {
      if (++calls < 4) throw new Error('transient');
      return 'ok';
    }, { deadlineMs: 10_000, baseDelayMs: 100, maxDelayMs: 1_000, isRetryable: () => true, random: () => 0.5, now: clock.now, sleep: async (ms) => { delays.push(ms); await clock.sleep(ms); } });
    expect(result).toBe('ok');
    expect(delays).toEqual([50, 100, 200]);
  });
  it('gives up past the deadline and on permanent errors', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(retryWithin(async () => { calls++; throw new Error('down'); },
      { deadlineMs: 1_000, baseDelayMs: 400, maxDelayMs: 400, isRetryable: () => true, random: () => 0.99, ...clock })).rejects.toThrow('down');
    expect(calls).toBe(3);
    let permanent = 0;
    await expect(retryWithin(async () => { permanent++; throw new Error('400'); },
      { deadlineMs: 1_000, baseDelayMs: 1, maxDelayMs: 1, isRetryable: () => false, ...clock })).rejects.toThrow('400');
    expect(permanent).toBe(1);
  });
  it('lets beforeRetry end the loop with a value', async () => {
    const clock = fakeClock();
    const r = await retryWithin<string>(async () => { throw new Error('timeout'); },
      { deadlineMs: 1_000, baseDelayMs: 1, maxDelayMs: 1, isRetryable: () => true, beforeRetry: async () => ({ value: 'found' }), ...clock });
    expect(r).toBe('found');
  });
});
