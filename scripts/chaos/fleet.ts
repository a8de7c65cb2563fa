import path from 'node:path';
import { startRoundRobinProxy, type RoundRobinProxy } from '../../e2e/lib/roundRobinProxy';
import { startRedisServer, type RedisServer } from '../../bridge-server/src/testing/redisServer';
import type { Random } from '../../demo/ada-sim/lib/random';
import { createBridgeChild, type BridgeChild } from './bridgeChild';

/** The bridges a chaos run attacks: one on SQLite, or several sharing a redis-server behind a round-robin proxy. */
export interface Fleet {
  /** Where visitors, tabs and webhooks go: the bridge itself, or the proxy in front of the bridges. */
  url: string;
  /** `sqlite` or `redis ×N`, for the report. */
  kind: string;
  /** SIGKILLs one bridge (a random one of several), waits `downMs`, starts it again; resolves with what it did. */
  killOne(random: Random, downMs: number): Promise<string>;
  /** SIGKILLs redis-server, waits `downMs`, starts it on the same port and append-only file (Redis fleets only). */
  restartRedis(downMs: number): Promise<void>;
  /** The last log lines of every bridge, for a failure report. */
  logTail(): string[];
  close(): Promise<void>;
}

/** How to build a fleet: the bridges' shared settings, DATA_DIR (SQLite), and how many bridges share Redis (0: none). */
export interface FleetOptions {
  env: Record<string, string>;
  dataDir: string;
  /** Run faultyMain.ts, failing every write while this file exists (no tmpfs), instead of the production entry. */
  fullFlag?: string;
  /** Where each bridge's whole output goes (`<logDir>/bridge<N>.log`), or nowhere. */
  logDir: string | null;
  redisInstances: number;
}

/**
 * Starts the fleet and waits until every bridge is healthy. With `redisInstances` ≥ 2, a real redis-server with AOF
 * and fsync on every write (so a SIGKILL loses nothing it acknowledged), each bridge with `REDIS_URL`, and the
 * round-robin proxy of e2e/lib (nginx's stand-in, no stickiness: a visitor's stream and sends land on different bridges).
 * @example const fleet = await startFleet({ env, dataDir, redisInstances: 2 }); await fleet.killOne(random, 800);
 */
export async function startFleet(o: FleetOptions): Promise<Fleet> {
  const logFile = (n: number): string | null => (o.logDir ? path.join(o.logDir, `bridge${n}.log`) : null);
  if (o.redisInstances < 2) {
    const bridge = o.fullFlag
      ? await createBridgeChild({ ...o.env, DATA_DIR: o.dataDir, CHAOS_FULL_FLAG: o.fullFlag }, 'injected', logFile(1))
      : await createBridgeChild({ ...o.env, DATA_DIR: o.dataDir }, 'production', logFile(1));
    await bridge.start();
    return {
      url: bridge.url, kind: 'sqlite',
      killOne: async (_random, downMs) => {
        await bridge.kill();
        await sleep(downMs);
        return `the bridge${await restart(bridge)}`;
      },
      restartRedis: () => Promise.reject(new Error('no Redis in this fleet')),
      logTail: () => bridge.logTail(),
      close: () => bridge.stop(),
    };
  }
  let redis: RedisServer | null = null;
  let proxy: RoundRobinProxy | null = null;
  const bridges: BridgeChild[] = [];
  try {
    redis = await startRedisServer({ appendOnly: true });
    const r = redis;
    for (let i = 0; i < o.redisInstances; i++) {
      bridges.push(await createBridgeChild({ ...o.env, DATA_DIR: `${o.dataDir}/b${i + 1}`, REDIS_URL: r.url }, 'production', logFile(i + 1)));
    }
    await Promise.all(bridges.map((b) => b.start()));
    proxy = await startRoundRobinProxy({ upstreams: bridges.map((b) => b.url) });
    const p = proxy;
    return {
      url: p.url, kind: `redis ×${bridges.length}`,
      async killOne(random, downMs) {
        const i = Math.floor(random.next() * bridges.length);
        const bridge = bridges[i] as BridgeChild;
        await bridge.kill();
        await sleep(downMs);
        return `bridge ${i + 1} of ${bridges.length}${await restart(bridge)}`;
      },
      async restartRedis(downMs) {
        await r.stop('SIGKILL');
        await sleep(downMs);
        await r.start();
      },
      logTail: () => bridges.flatMap((b, i) => b.logTail(15).map((line) => `b${i + 1} ${line}`)),
      async close() {
        await Promise.all(bridges.map((b) => b.stop()));
        await p.close();
        await r.close();
      },
    };
  } catch (err) {
    await Promise.all(bridges.map((b) => b.stop()));
    await proxy?.close();
    await redis?.close();
    throw err;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts a killed bridge again; says how long it took to be healthy, and why starts failed on the way. */
async function restart(bridge: BridgeChild): Promise<string> {
  const started = Date.now();
  const before = bridge.stats().failedStarts;
  await bridge.start();
  const failed = bridge.stats().failedStarts - before;
  const why = failed > 0 ? `; ${failed} failed starts, last: ${bridge.logTail(40).filter((l) => l.startsWith('[parley]')).at(-1) ?? '(no [parley] line)'}` : '';
  return `, healthy again ${Date.now() - started} ms after the restart${why}`;
}
