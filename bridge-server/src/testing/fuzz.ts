import { expect } from 'vitest';
import { ErrorCodes } from '../errors';

const scale = Number(process.env.FUZZ_RUNS_SCALE) || 1;

/**
 * Settings every `*.fuzz.test.ts` shares. Seeded: fast-check prints `{ seed, path }` with a failure, and
 * `FUZZ_SEED=<seed>` replays it; without it each run draws a new seed. `FUZZ_RUNS_SCALE=10` runs ten times longer.
 * @example fc.assert(property, { seed: fuzz.seed, numRuns: fuzz.runs(100) });
 */
export const fuzz = {
  seed: Number(process.env.FUZZ_SEED) || Date.now() % 2 ** 31,
  runs: (n: number): number => Math.max(1, Math.round(n * scale)),
  /** A test's timeout, grown with the number of runs. */
  timeout: (ms: number): number => Math.round(ms * Math.max(1, scale)),
};

/**
 * The longest one fuzzed request may take. A request does a few SQLite writes and maybe a call to a local Ada:
 * milliseconds, and up to about 1 s while `npm test` runs every unit file at once on two shared cores. A stalled
 * event loop (a regex backtracking, a synchronous loop over a 256 KB input) takes seconds. Warm up before timing:
 * the first request of a file also loads modules and compiles.
 */
export const REQUEST_BUDGET_MS = 2_000;

const codes = new Set<string>(Object.values(ErrorCodes));

/** What an error answer must be: never a 5xx here, a JSON `{error:{code,message}}` with a known code and words. */
export function expectClearError(status: number, body: unknown, what: string): void {
  expect(status, `${what} → ${status} ${JSON.stringify(body)}`).toBeLessThan(500);
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  expect(codes.has(String(error?.code)), `${what}: unknown code in ${JSON.stringify(body)}`).toBe(true);
  expect(typeof error?.message === 'string' && error.message.trim().length > 0, `${what}: no message`).toBe(true);
}

/** Runs `fn`, failing if it took longer than `budgetMs`; returns its value and time. */
export async function withinBudget<T>(what: string, fn: () => Promise<T>, budgetMs = REQUEST_BUDGET_MS): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  const ms = performance.now() - started;
  expect(ms, `${what} took ${Math.round(ms)} ms`).toBeLessThan(budgetMs);
  return { value, ms };
}
