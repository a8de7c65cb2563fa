import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A source of randomness; seeded sources repeat exactly, which tests rely on. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** True with probability `p` (0..1); never consumes randomness when p ≤ 0. */
  chance(p: number | undefined): boolean;
  /** `base` scaled by a factor in [1 - spread, 1 + spread]. */
  jitter(base: number, spread: number): number;
  /** A new array with the items in random order. */
  shuffle<T>(items: readonly T[]): T[];
  /** `length` characters of [0-9a-zA-Z] (or hex when `hex` is set). */
  id(length: number, hex?: boolean): string;
}

/**
 * Creates a random source (mulberry32). Without a seed it starts from a crypto-random seed.
 * @example const rng = createRandom(42); rng.chance(0.5);
 */
export function createRandom(seed?: number): Random {
  let state = (seed ?? randomInt(2 ** 31)) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p) => (p ?? 0) > 0 && next() < (p ?? 0),
    jitter: (base, spread) => base * (1 - spread + 2 * spread * next()),
    shuffle<T>(items: readonly T[]): T[] {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
    id(length, hex = false) {
      const alphabet = hex ? ALPHABET.slice(0, 16) : ALPHABET;
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
      return out;
    },
  };
}
