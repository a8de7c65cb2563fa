import { Hono } from 'hono';
import { isBridgeError } from '../errors';
import type { BridgeEnv } from '../middleware/types';
import type { Metrics } from '../metrics';
import type { Store } from '../store/types';

/** `GET /healthz` (200 when the store answers, else 503) and `GET /metrics` (Prometheus text). */
export function opsRoutes(deps: { store: Store; metrics: Metrics; streams: () => number; isShuttingDown: () => boolean }) {
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
        const detail = isBridgeError(err) && err.code === 'unavailable' ? 'Redis unreachable'
          : err instanceof Error && err.cause instanceof Error ? err.cause.message : 'no answer';
        return c.json({ ok: false, reason: `store unavailable: ${detail}` }, 503);
      }
    })
    .get('/metrics', async (c) => {
      deps.metrics.openStreams.set(deps.streams());
      return c.body(await deps.metrics.registry.metrics(), 200, { 'Content-Type': deps.metrics.registry.contentType });
    });
}
