import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Hono } from 'hono';
import { BridgeError } from '../errors';
import type { BridgeEnv } from '../middleware/types';
import type { Metrics } from '../metrics';
import type { Store } from '../store/types';

/** What the ops endpoints read. */
export interface OpsDeps {
  store: Store;
  metrics: Metrics;
  streams: () => number;
  isShuttingDown: () => boolean;
  /** `METRICS_TOKEN`: when set, `GET /metrics` on the main listener answers a matching `Authorization: Bearer`. */
  metricsToken?: string;
}

/** Prometheus text of the bridge's metrics. */
async function metricsText(deps: Pick<OpsDeps, 'metrics' | 'streams'>): Promise<string> {
  deps.metrics.openStreams.set(deps.streams());
  return deps.metrics.registry.metrics();
}

/** Constant-time check of `Authorization: Bearer <token>`. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * `GET /healthz` (200 when the store can serve, else 503 with the reason) and `GET /metrics` on the widget listener.
 * Metrics tell anyone who reads them how busy the bridge is and what fails: by default they are not served here
 * (404, like any unknown path), only with `METRICS_TOKEN` as a bearer token, or on `METRICS_PORT` (`metricsListener`).
 */
export function opsRoutes(deps: OpsDeps) {
  return new Hono<BridgeEnv>()
    .get('/healthz', async (c) => {
      c.header('Cache-Control', 'no-store');
      if (deps.isShuttingDown()) return c.json({ ok: false, reason: 'shutting down' }, 503);
      try {
        await deps.store.ping();
        return c.json({ ok: true });
      } catch (err) {
        c.get('log').error({ err }, 'health check failed');
        // The store's own words (Redis unreachable, a full disk, a deleted database file): what an operator needs first.
        const detail = err instanceof Error && err.cause instanceof Error ? err.cause.message : 'no answer';
        return c.json({ ok: false, reason: `store unavailable: ${detail}` }, 503);
      }
    })
    .get('/metrics', async (c) => {
      if (!deps.metricsToken) throw new BridgeError('not_found', 'No such endpoint.');
      if (!bearerMatches(c.req.header('authorization'), deps.metricsToken)) {
        throw new BridgeError('unauthorized', 'Metrics need Authorization: Bearer <METRICS_TOKEN>.');
      }
      return c.body(await metricsText(deps), 200, { 'Content-Type': deps.metrics.registry.contentType, 'Cache-Control': 'no-store' });
    });
}

/**
 * The `METRICS_PORT` listener: `GET /metrics` only (Prometheus scrapes it on a port the widget's public never
 * reaches); with `METRICS_TOKEN` set it asks for the token here too.
 * @example http.createServer(metricsListener({ metrics, streams: () => registry.size() })).listen(9464, '127.0.0.1');
 */
export function metricsListener(deps: Pick<OpsDeps, 'metrics' | 'streams' | 'metricsToken'>) {
  return function onMetrics(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url?.split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') return void res.writeHead(404).end();
    if (deps.metricsToken && !bearerMatches(req.headers.authorization, deps.metricsToken)) return void res.writeHead(401).end();
    metricsText(deps).then(
      (text) => res.writeHead(200, { 'Content-Type': deps.metrics.registry.contentType, 'Cache-Control': 'no-store' }).end(text),
      () => res.writeHead(500).end(),
    );
  };
}
