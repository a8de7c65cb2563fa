import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAdaSim, type AdaSim, type AdaSimOptions } from '../../../demo/ada-sim/index';
import { startBridge, type BridgeOptions, type RunningBridge } from '../server';
import { openTestStream, TEST_ORIGIN, useStarted, type TestStream } from './harness';
import { startRedisServer, type RedisServer } from './redisServer';

/** Options of `startCluster`. */
export interface ClusterOptions {
  /** Bridges sharing one Redis (default 2). */
  instances?: number;
  sim?: AdaSimOptions;
  bridge?: Partial<BridgeOptions>;
  /** Redis with AOF, fsync on every write (restart tests). */
  appendOnly?: boolean;
  /** Which instances the simulator posts webhooks to (default: the second only, so fan-out is always exercised). */
  webhooksTo?: number[];
  /** Start the bridges one after the other instead of at the same moment (default: at once). */
  sequential?: boolean;
  /** The Ada base URL the bridges use, from the simulator's (e.g. a proxy in front of it); default the simulator. */
  adaBaseUrl?: (simUrl: string) => string | Promise<string>;
}

/** A real redis-server, the simulator and several bridges on them, with helpers to act as a widget. */
export interface Cluster {
  sim: AdaSim;
  redis: RedisServer;
  /** The running bridge of each instance (null while stopped). */
  bridges: (RunningBridge | null)[];
  url(i: number): string;
  api(i: number, path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  newSession(i: number): Promise<string>;
  send(i: number, token: string, text: string, clientId?: string): Promise<Response>;
  /** An SSE client on instance `at`, or on whichever instance the function names at each (re)connection. */
  stream(at: number | (() => string), token: string, lastEventId?: string): TestStream;
  /** Starts instance i again on its port (after `stop`). */
  start(i: number): Promise<RunningBridge>;
  /** Stops instance i gracefully (its `close`, what SIGTERM runs). */
  stop(i: number): Promise<void>;
  close(): Promise<void>;
}

let seq = 0;

/**
 * Starts a redis-server, the simulator and `instances` bridges with `REDIS_URL` (all at once by default, as a
 * deploy does), each on a port of its own kept across restarts.
 * @example const c = await startCluster(); try { const t = await c.newSession(0); ... } finally { await c.close(); }
 */
export async function startCluster(o: ClusterOptions = {}): Promise<Cluster> {
  const redis = await startRedisServer({ appendOnly: o.appendOnly });
  const sim = await startAdaSim({ replyDelayMs: 50, seed: 7, ...o.sim });
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-cluster-'));
  const base: BridgeOptions = {
    adaBaseUrl: o.adaBaseUrl ? await o.adaBaseUrl(sim.url) : sim.url, adaApiKey: sim.apiKey, adaWebhookSecret: sim.webhookSecret,
    port: 0, allowedOrigins: [TEST_ORIGIN], dataDir, logLevel: 'silent', defaultMetrics: false,
    adaDeadlineMs: 3_000, adaBackoff: { baseMs: 20, maxMs: 200 },
    reconcile: { graceMs: 300, minIntervalMs: 300, everyMs: 200 },
    redisUrl: redis.url,
    ...o.bridge,
  };
  const count = o.instances ?? 2;
  const bridges: (RunningBridge | null)[] = Array.from({ length: count }, () => null);
  const ports: number[] = Array.from({ length: count }, () => 0);
  const streams: TestStream[] = [];
  const start = async (i: number) => {
    const bridge = await startBridge({ ...base, port: ports[i] });
    ports[i] = bridge.port;
    bridges[i] = bridge;
    return bridge;
  };
  if (o.sequential) for (let i = 0; i < count; i++) await start(i);
  else await Promise.all(bridges.map((_, i) => start(i)));
  for (const i of o.webhooksTo ?? [Math.min(1, count - 1)]) sim.addWebhookUrl(`${bridges[i]!.url}/webhooks/ada`);

  const url = (i: number) => `http://127.0.0.1:${ports[i]}`;
  const api: Cluster['api'] = (i, path, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('origin', TEST_ORIGIN);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
    return fetch(`${url(i)}${path}`, { ...init, headers });
  };
  return {
    sim, redis, bridges, url, api,
    async newSession(i) {
      const res = await api(i, '/v1/sessions', { method: 'POST', body: '{}' });
      if (res.status !== 201) throw new Error(`session: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    send: (i, token, text, clientId = `k-${++seq}`) =>
      api(i, '/v1/messages', { method: 'POST', token, body: JSON.stringify({ clientId, text }) }),
    stream(at, token, lastEventId) {
      const s = openTestStream(typeof at === 'number' ? `${url(at)}/v1/events` : () => `${at()}/v1/events`, token, lastEventId);
      streams.push(s);
      return s;
    },
    start,
    async stop(i) {
      const bridge = bridges[i];
      bridges[i] = null;
      await bridge?.close();
    },
    async close() {
      for (const s of streams) s.close();
      await Promise.all(bridges.map((b) => b?.close()));
      await sim.close();
      await redis.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * For a test file: returns `startCluster`, and after each test checks that the simulator saw no contract violation and
 * closes the cluster that test started (as `useStack` does for one bridge).
 * @example const startCluster = useCluster(); it('…', async () => { const c = await startCluster({ instances: 3 }); … });
 */
export const useCluster = (): typeof startCluster => useStarted(startCluster);
