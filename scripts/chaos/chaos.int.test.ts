/**
 * The short chaos runs inside `npm test` (issue 17), each about 20–30 s: HTTP visitors speaking the widget protocol,
 * the simulator with duplicate and shuffled webhooks, 429/500 answers and slow replies, visitors dropping offline and
 * back, and bridges SIGKILLed at any moment (mid-request included). Nothing typed may be lost or doubled, at Ada or
 * on screen.
 * - SQLite: one bridge, and its disk full once (a real tmpfs where one can be mounted, else an injected write
 *   failure: the report says which).
 * - Redis: two bridges on one redis-server (AOF) behind a round-robin proxy, a random one killed each time, and
 *   redis-server itself SIGKILLed and restarted once.
 * CHAOS_SEED=<n> replays a run's choices (the seed is printed); `npm run chaos` is the long run.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runChaos, type ChaosOptions } from './runChaos';

const seed = Number(process.env.CHAOS_SEED) || randomInt(1, 2 ** 31);

/** What both runs share: a dozen visitors, four messages each, every fault but the backend's own. */
const base: Omit<ChaosOptions, 'redisInstances' | 'redisRestarts' | 'diskFulls' | 'log'> = {
  seed, visitors: 12, messagesPerVisitor: 4, thinkMs: [200, 1500],
  kills: 'anytime', killEveryMs: [1500, 3500], downMs: [100, 1000],
  diskFullMs: [1500, 3000],
  offlineChance: 0.2, offlineMs: [500, 2500],
  simFaults: true, tabs: 0, settleMs: 40_000,
};

async function expectNothingLost(options: Omit<ChaosOptions, 'log'>): Promise<void> {
  const log: string[] = [];
  const report = await runChaos({ ...options, log: (line) => log.push(line) });
  console.log(`[chaos] seed ${seed}, ${report.fleet}, disk ${report.diskFull}: ${report.summary}; ${report.kills} kills, stream repeats ${report.streamRepeats}, harness stall ${report.harnessStallMs} ms`);
  const context = `seed ${seed} (CHAOS_SEED=${seed} replays it)\n${[...log, ...report.details].join('\n')}`;
  expect(report.messages, context).toBe(options.visitors * options.messagesPerVisitor);
  expect(report.kills, context).toBeGreaterThan(0);
  expect(report.redisRestarts, context).toBe(options.redisRestarts);
  expect(report.lost, context).toBe(0);
  expect(report.duplicated, context).toBe(0);
  expect(report.violations, context).toBe(0);
  // Every visitor's stream came back after the kills and its own drops.
  expect(report.maxResumeMs, context).toBeGreaterThan(0);
}

describe('chaos (short runs)', () => {
  it('loses and doubles nothing while the bridge is killed at any moment, its disk fills, Ada misbehaves and visitors drop offline', async () => {
    await expectNothingLost({ ...base, redisInstances: 0, redisRestarts: 0, diskFulls: 1 });
  }, 180_000);

  it('loses and doubles nothing with two bridges on Redis, either killed at any moment and redis-server restarted', async () => {
    await expectNothingLost({ ...base, redisInstances: 2, redisRestarts: 1, diskFulls: 0 });
  }, 180_000);
});
