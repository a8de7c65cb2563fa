/**
 * `npm run chaos`: the long chaos run with every fault (issue 17). Prints
 * `N visitors, M messages, lost L, duplicated D, max resume X s` and exits 1 on any loss or duplicate.
 * Settings (environment): CHAOS_SEED (default: random, printed), CHAOS_VISITORS (40), CHAOS_MESSAGES (8 per
 * visitor), CHAOS_TABS (3 Chromium tabs; 0 for none), CHAOS_KILLS (`anytime`, `between-sends` or `none`),
 * CHAOS_DISK_FULLS (2; 0 for none).
 * Redis mode: with REDIS_URL set (or CHAOS_REDIS=<bridges>, 2 or more), CHAOS_REDIS bridges (default 2) share a
 * redis-server behind a round-robin proxy; kills hit a random bridge, and redis-server is SIGKILLed and restarted
 * CHAOS_REDIS_RESTARTS times (2). The run starts a redis-server of its own, since it kills it: REDIS_URL's value is
 * not used. CHAOS_DISK=injected: the injected write failure even where a tmpfs can be mounted. CHAOS_LOG_DIR=<dir>: every bridge's whole log and the simulator's, to trace a loss or a duplicate.
 */
import { randomInt } from 'node:crypto';
import { runChaos, type ChaosOptions } from './runChaos';

const env = process.env;
const int = (name: string, fallback: number): number => {
  const n = Number(env[name]);
  return Number.isInteger(n) && n >= 0 && env[name] !== '' ? n : fallback;
};
const kills = env.CHAOS_KILLS === 'between-sends' || env.CHAOS_KILLS === 'none' ? env.CHAOS_KILLS : 'anytime';
const seed = int('CHAOS_SEED', randomInt(1, 2 ** 31));
const redisInstances = int('CHAOS_REDIS', env.REDIS_URL ? 2 : 0);

/** Every fault, at the strength the issue asks for. */
const options: ChaosOptions = {
  seed,
  visitors: int('CHAOS_VISITORS', 40),
  messagesPerVisitor: int('CHAOS_MESSAGES', 8),
  thinkMs: [300, 3000],
  kills,
  redisInstances,
  redisRestarts: int('CHAOS_REDIS_RESTARTS', 2),
  killEveryMs: [3000, 9000],
  downMs: [100, 2500],
  diskFulls: int('CHAOS_DISK_FULLS', 2),
  diskFullMs: [3000, 6000],
  diskFault: env.CHAOS_DISK === 'injected' ? 'injected' : 'tmpfs',
  offlineChance: 0.15,
  offlineMs: [500, 5000],
  simFaults: true,
  tabs: int('CHAOS_TABS', 3),
  logDir: env.CHAOS_LOG_DIR || null,
  settleMs: 90_000,
  log: (line) => console.log(`[chaos] ${line}`),
};

console.log(`[chaos] seed ${seed} (replay with CHAOS_SEED=${seed}); kills: ${kills}${redisInstances >= 2 ? `; ${redisInstances} bridges on Redis` : ''}`);
const started = Date.now();
const report = await runChaos(options);
for (const line of report.details) console.log(`[chaos] ${line}`);
console.log(`[chaos] ${report.fleet}, ${report.kills} kills, disk: ${report.diskFull}, stream repeats (merged by id) ${report.streamRepeats}, simulator contract violations ${report.violations}, webhooks put off to the 5-minute retry ${report.lateWebhooks}, longest stall of this process ${report.harnessStallMs} ms, ${Math.round((Date.now() - started) / 1000)} s`);
console.log(report.summary);
const failed = report.lost > 0 || report.duplicated > 0 || report.violations > 0;
if (failed) console.log(`[chaos] FAILED (seed ${seed})`);
process.exit(failed ? 1 : 0);
