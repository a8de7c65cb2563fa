import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of one bridge instance, in their own registry (so several bridges can run in one process,
 * as the tests do).
 * @example const m = createMetrics(); m.webhooks.inc({ outcome: 'accepted' }); await m.registry.metrics();
 */
export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'parley_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'parley_http_requests_total', help: 'HTTP requests by method, route and status.',
      labelNames: ['method', 'route', 'status'] as const, registers: [registry],
    }),
    webhooks: new Counter({
      name: 'parley_webhooks_total', help: 'Ada webhooks by outcome.',
      labelNames: ['outcome'] as const, registers: [registry],
    }),
    openStreams: new Gauge({ name: 'parley_sse_streams_open', help: 'Open SSE streams.', registers: [registry] }),
    adaLatency: new Histogram({
      name: 'parley_ada_request_duration_seconds', help: 'Ada API call latency (each attempt).',
      labelNames: ['operation', 'outcome'] as const, registers: [registry],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    adaErrors: new Counter({
      name: 'parley_ada_errors_total', help: 'Failed Ada API attempts by operation and kind.',
      labelNames: ['operation', 'kind'] as const, registers: [registry],
    }),
    relayLatency: new Histogram({
      name: 'parley_relay_latency_seconds', help: 'Webhook received → SSE event written to hub.',
      registers: [registry], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    }),
  };
}

/** The metrics object of one bridge. */
export type Metrics = ReturnType<typeof createMetrics>;
