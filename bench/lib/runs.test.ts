import { describe, expect, it } from 'vitest';
import { judgeRuns, runSpread } from './runs';

describe('bench runs', () => {
  it('keeps every run, and its median and extremes, leaving unmeasured runs out of the figures', () => {
    expect(runSpread([9.1, 3.4, null, 4.7])).toEqual({ values: [9.1, 3.4, Number.NaN, 4.7], median: 4.7, min: 3.4, max: 9.1 });
  });

  it('judges the median run, not the quietest, and keeps the first run beside it', () => {
    const v = judgeRuns('p99 < 10 ms', 'ms', [12, 4, 11], (x) => x < 10);
    expect(v.met).toBe(false);
    expect(v.median).toBe(11);
    expect(v.metIn).toBe(1);
    expect(v.firstRun).toEqual({ run: 1, value: 12, met: false });
    expect(judgeRuns('p99 < 10 ms', 'ms', [12, 4, 5], (x) => x < 10).met).toBe(true);
  });

  it('fails the goal when one run breaks a condition every run must hold, or measured nothing', () => {
    expect(judgeRuns('none missing', 'ms', [3, 4, 5], (x) => x < 10, [true, false, true]).met).toBe(false);
    expect(judgeRuns('p99 < 10 ms', 'ms', [3, null, 5], (x) => x < 10).met).toBe(false);
  });
});
