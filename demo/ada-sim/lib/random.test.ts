import { describe, expect, it } from 'vitest';
import { createClock } from './clock';
import { createRandom } from './random';

describe('createRandom', () => {
  it('repeats exactly for the same seed', () => {
    const a = createRandom(5);
    const b = createRandom(5);
    expect([a.next(), a.id(10), a.shuffle([1, 2, 3, 4])]).toEqual([b.next(), b.id(10), b.shuffle([1, 2, 3, 4])]);
  });

  it('honours chance bounds and jitter spread', () => {
    const rng = createRandom(1);
    expect(Array.from({ length: 50 }, () => rng.chance(0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 50 }, () => rng.chance(1)).every(Boolean)).toBe(true);
    for (let i = 0; i < 50; i++) expect(rng.jitter(100, 0.3)).toSatisfy((v: number) => v >= 70 && v <= 130);
    expect(rng.id(24, true)).toMatch(/^[0-9a-f]{24}$/);
  });
});

describe('createClock', () => {
  it('never repeats or goes backwards, even when the source does', () => {
    const times = [1000, 1000, 900];
    const clock = createClock(() => times.shift() ?? 0);
    expect([clock.now(), clock.now(), clock.now()]).toEqual(['1970-01-01T00:00:01.000Z', '1970-01-01T00:00:01.001Z', '1970-01-01T00:00:01.002Z']);
  });
});
