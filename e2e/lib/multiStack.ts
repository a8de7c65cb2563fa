/**
 * The demo stack with several bridges (the multi-instance variant of demo/stack.ts): a real redis-server, the Ada
 * simulator, N bridges as child processes sharing that Redis, a round-robin proxy in front of them (no stickiness),
 * and the help-center site whose widget.js, API calls, streams and the simulator's webhooks all go through the proxy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAdaSim } from '../../demo/ada-sim/index';
import type { AdaSim, AdaSimOptions } from '../../demo/ada-sim/types';
import { reservePort } from '../../demo/ports';
import { startSite } from '../../demo/site/server';
import type { SiteServer } from '../../demo/site/server';
import { bridgeChild } from './bridgeChild';
import type { BridgeChild } from './bridgeChild';
import { startRedisServer } from '../../bridge-server/src/testing/redisServer';
import type { RedisServer } from '../../bridge-server/src/testing/redisServer';
import { startRoundRobinProxy } from './roundRobinProxy';
import type { RoundRobinProxy } from './roundRobinProxy';

/** Options of {@link startMultiStack}. */
export interface MultiStackOptions {
  /** How many bridges (default 2). */
  bridges?: number;
  /** Simulator knobs (faults, timings, seed). */
  sim?: Omit<AdaSimOptions, 'port' | 'host' | 'siteUrl'>;
  /** More bridge settings, e.g. `{ LOG_LEVEL: 'warn' }`. */
  bridgeEnv?: Record<string, string>;
}

/** Everything {@link startMultiStack} started. */
export interface MultiStack {
  redis: RedisServer;
  sim: AdaSim;
  /** The bridges, in the proxy's order; each can be killed and started again on its port. */
  bridges: BridgeChild[];
  proxy: RoundRobinProxy;
  site: SiteServer;
  close(): Promise<void>;
}

/**
 * Starts Redis, the simulator, the bridges (all at the same moment, as a deploy would), the proxy and the site.
 * Each bridge gets a data dir of its own, so nothing on local disk can be shared between them.
 * @example const stack = await startMultiStack({ sim: { duplicateRate: 0.3 } }); await stack.bridges[0].kill();
 */
export async function startMultiStack(options: MultiStackOptions = {}): Promise<MultiStack> {
  const host = '127.0.0.1';
  const started: Array<{ close(): Promise<void> }> = [];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'parley-multi-'));
  started.push({ close: async () => rmSync(tmp, { recursive: true, force: true }) });
  try {
    const redis = await startRedisServer();
    started.push(redis);
    const sitePort = await reservePort(0, host, 'demo site', 'PARLEY_SITE_PORT');
    const siteOrigin = `http://${host}:${sitePort}`;
    const sim = await startAdaSim({ ...options.sim, port: 0, host, siteUrl: siteOrigin });
    started.push(sim);
    const bridges: BridgeChild[] = [];
    for (let i = 0; i < (options.bridges ?? 2); i++) {
      const name = `bridge-${String.fromCharCode(97 + i)}`;
      bridges.push(bridgeChild({
        name,
        port: await reservePort(0, host, name, 'PORT'),
        echo: Boolean(process.env.PARLEY_E2E_LOG),
        env: {
          ADA_BASE_URL: sim.url,
          ADA_API_KEY: sim.apiKey,
          ADA_WEBHOOK_SECRET: sim.webhookSecret,
          ALLOWED_ORIGINS: siteOrigin,
          REDIS_URL: redis.url,
          DATA_DIR: path.join(tmp, name),
          TRUST_PROXY: 'true',
          LOG_LEVEL: process.env.PARLEY_E2E_LOG ?? 'warn',
          // Every visitor comes from 127.0.0.1; production limits would throttle the test, not a visitor.
          RATE_LIMIT_IP_PER_MINUTE: '100000',
          RATE_LIMIT_SESSION_PER_MINUTE: '100000',
          ...options.bridgeEnv,
        },
      }));
    }
    started.push({ close: async () => void (await Promise.all(bridges.map((b) => b.kill('SIGTERM')))) });
    await Promise.all(bridges.map((b) => b.start()));
    const proxy = await startRoundRobinProxy({ upstreams: bridges.map((b) => b.url) });
    started.push(proxy);
    sim.addWebhookUrl(`${proxy.url}/webhooks/ada`);
    const site = await startSite({ port: sitePort, host, bridgeUrl: proxy.url });
    started.push(site);
    return {
      redis, sim, bridges, proxy, site,
      async close() {
        for (const part of started.reverse()) await part.close().catch(() => undefined);
      },
    };
  } catch (err) {
    for (const part of started.reverse()) await part.close().catch(() => undefined);
    throw err;
  }
}
