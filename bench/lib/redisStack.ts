import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAdaSim } from '../../demo/ada-sim/index';
import type { AdaSim } from '../../demo/ada-sim/index';
import { startRedisServer } from '../../bridge-server/src/testing/redisServer';
import type { RedisServer } from '../../bridge-server/src/testing/redisServer';
import type { BridgeInfo } from './bridgeProcess';
import { forkCompiledChild } from './forkCompiled';
import type { BenchChild } from './ipc';
import { BENCH_ORIGIN } from './stack';

/** One bridge of a {@link RedisStack}: its child process (compiled, as `npm run bridge` runs), URL and pid. */
export interface RedisBridge {
  child: BenchChild;
  url: string;
  pid: number;
}

/** A real redis-server, the Ada simulator (in this process) and several bridges sharing that Redis. */
export interface RedisStack {
  redis: RedisServer;
  sim: AdaSim;
  bridges: RedisBridge[];
  close(): Promise<void>;
}

/**
 * Starts redis-server, the simulator (AI replies after `replyDelayMs`, non-strict) and `count` bridges with
 * `REDIS_URL`, all at the same moment, each in its own child process with a data dir of its own, rate limits
 * raised and the per-IP stream cap lifted (the bench is one IP), logs at `warn`, like startStack's bridge. Webhooks are not registered: the
 * caller points the simulator at the instance (or proxy) it wants them on.
 * @example const rs = await startRedisStack(2); rs.sim.addWebhookUrl(`${rs.bridges[1].url}/webhooks/ada`);
 */
export async function startRedisStack(count: number, replyDelayMs = 50): Promise<RedisStack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-bench-redis-'));
  const redis = await startRedisServer();
  const sim = await startAdaSim({ port: 0, replyDelayMs, strict: false });
  const children: BenchChild[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(children.map((c) => c.stop()));
    await sim.close();
    await redis.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const nodeArgs = (process.env.BENCH_BRIDGE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    // Forked one after the other: each fork compiles dist/bench/bridgeProcess.js first, and two builds would
    // write the same file at once. The bridges then start up side by side.
    for (let i = 0; i < count; i++) {
      children.push(await forkCompiledChild('bridgeProcess.ts', {
        BENCH_BRIDGE_OPTIONS: JSON.stringify({
          adaBaseUrl: sim.url,
          adaApiKey: sim.apiKey,
          adaWebhookSecret: sim.webhookSecret,
          allowedOrigins: [BENCH_ORIGIN],
          dataDir: path.join(dataDir, `bridge-${i}`),
          redisUrl: redis.url,
          logLevel: 'warn',
          rateLimits: { ipPerMinute: 100_000_000, sessionPerMinute: 100_000_000 },
          // Every bench stream comes from 127.0.0.1 (as startStack's bridge); the caps are the cluster's, so 5,000
          // streams on A and the kill run's 1,000 through the proxy would meet the default 200 per IP.
          limits: { streamsPerIp: 1_000_000 },
          defaultMetrics: false,
        }),
      }, 2048, nodeArgs));
    }
    const bridges = await Promise.all(children.map(async (child): Promise<RedisBridge> => {
      const info = await child.call<BridgeInfo>('info', {}, 60_000);
      return { child, url: info.url, pid: info.pid };
    }));
    return { redis, sim, bridges, close };
  } catch (err) {
    await close();
    throw err;
  }
}
