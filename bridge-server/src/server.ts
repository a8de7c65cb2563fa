import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { createAdaClient } from './ada/adaClient';
import { createApp } from './app';
import { DEFAULT_ATTACHMENT_TYPES } from './attachments/sniffType';
import { ensureChannel } from './chat/channel';
import type { ChatContext } from './chat/context';
import { startPeriodicReconcile } from './chat/reconcile';
import { startRetention, type RetentionOptions } from './chat/retention';
import { stopStoreWatch } from './chat/storeRecovery';
import { createLogger } from './logger';
import { createMetrics } from './metrics';
import { eventsListener, isEventsRequest } from './routes/eventsListener';
import { isWebhookRequest, webhookListener } from './routes/webhookListener';
import { bodyDeadline, createWebhookGate, DEFAULT_LIMITS, type Limits } from './middleware/limits';
import { isUploadRequest } from './routes/attachments';
import { metricsListener } from './routes/ops';
import { createStreamRegistry } from './sse/streamRegistry';
import { openLocalBackend } from './backend/local';

/** Everything `startBridge` takes. Only the first block is required; the rest have production defaults. */
export interface BridgeOptions {
  adaBaseUrl: string;
  adaApiKey: string;
  adaWebhookSecret: string;
  adaChannelId?: string;
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  allowedOrigins: string[] | '*';
  dataDir: string;
  /** Share all state with other instances through this Redis (e.g. redis://127.0.0.1:6379/0); `dataDir` is then unused. */
  redisUrl?: string;
  /** Key prefix in Redis (default `parley:`); bridges with the same URL and prefix serve together. */
  redisKeyPrefix?: string;
  /** Default 'Parley web chat'. */
  channelName?: string;
  /** Default <repo>/dist/widget.js. */
  widgetFile?: string;
  /** pino level; default 'info' ('silent' in tests). */
  logLevel?: string;
  /** Take the client IP from X-Forwarded-For (behind a proxy). */
  trustProxy?: boolean;
  rateLimits?: { ipPerMinute?: number; sessionPerMinute?: number };
  /** Total retry budget per Ada call (default 10 s). */
  adaDeadlineMs?: number;
  /** How long after an aborted post Ada may still store it; a resend waits it out (default 5 s, sendMessage.ts). */
  landingGraceMs?: number;
  /** Per-attempt Ada timeout (default 5 s). */
  adaAttemptTimeoutMs?: number;
  /** Backoff of Ada retries (default 200 ms base, 2 s cap). */
  adaBackoff?: { baseMs: number; maxMs: number };
  /** SSE keep-alive comment interval (default 15 s) and client retry hint (default 2 s). */
  sseKeepAliveMs?: number;
  sseRetryMs?: number;
  /** Reconciliation timing (defaults: 3 s grace after a send, 5 s between runs, 10 min max age, 5 s period). */
  reconcile?: { graceMs?: number; minIntervalMs?: number; maxAgeMs?: number; everyMs?: number };
  /** Retention of webhook ids, idle sessions and events of ended conversations (defaults 8, 30 and 7 days; hourly). */
  retention?: RetentionOptions;
  /** Collect Node process metrics too (default true). */
  defaultMetrics?: boolean;
  /** Use this logger instead of creating one. */
  logger?: Logger;
  /** HS256 key shared with the site's backend for signed-in visitors (`IDENTITY_SECRET`); unset = anonymous only. */
  identitySecret?: string;
  /** Files visitors may attach during a handoff (defaults: 10 MB; PNG, JPEG, GIF, WebP, PDF, plain text). */
  attachments?: { maxBytes?: number; types?: readonly string[] };
  /** Test seam of the SQLite store: while `failWrites()` is true every write fails as on a full disk. */
  storeFaults?: { failWrites: () => boolean };
  /** Bounds against abuse and overload: stream caps, webhook admission, request timeouts (middleware/limits.ts). */
  limits?: Partial<Limits>;
  /** Serve `GET /metrics` on this port (same host), apart from the widget listener; 0 picks a free port. */
  metricsPort?: number;
  /** Bearer token for `GET /metrics` (on the widget listener, and on `metricsPort` when set). */
  metricsToken?: string;
}

/** A started bridge. */
export interface RunningBridge {
  url: string;
  port: number;
  /** Where `GET /metrics` is served apart from the widget listener (`metricsPort`), if anywhere. */
  metricsUrl?: string;
  /** Stops accepting, tells open streams to reconnect, waits for in-flight Ada calls, closes the store. */
  close(): Promise<void>;
}

/** `ATTACHMENT_MAX_BYTES` by default: 10 MB (Ada takes up to 50 MB). */
const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

const delay = (ms: number) => new Promise<void>((res) => setTimeout(res, ms).unref());

// Two levels up from bridge-server/src/ under tsx and from dist/bridge/ when compiled (scripts/buildBridge.ts checks it).
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Starts the bridge: opens the store, resolves the Ada channel (creating it once), then listens.
 * @example
 * const bridge = await startBridge({ adaBaseUrl, adaApiKey, adaWebhookSecret, allowedOrigins: ['http://localhost:5173'], dataDir: './data', port: 0 });
 * // register `${bridge.url}/webhooks/ada` with Ada, then later: await bridge.close();
 */
export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const logger = options.logger ?? createLogger(options.logLevel ?? 'info');
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? true });
  const onListenerError = (err: unknown) => logger.error({ err }, 'stream listener failed');
  // The one place the backend is chosen (style habit 18); ioredis is loaded only in Redis mode.
  const backend = options.redisUrl
    ? await (await import('./backend/redis')).openRedisBackend({ url: options.redisUrl, prefix: options.redisKeyPrefix, logger, onListenerError })
    : openLocalBackend(options.dataDir, { onListenerError, storeOptions: { logger, failWrites: options.storeFaults?.failWrites } });
  const { store, hub, echo, leases } = backend;
  try {
    const ada = createAdaClient({
      baseUrl: options.adaBaseUrl, apiKey: options.adaApiKey, deadlineMs: options.adaDeadlineMs,
      attemptTimeoutMs: options.adaAttemptTimeoutMs, backoff: options.adaBackoff, metrics, logger,
    });
    const channelId = await ensureChannel({
      ada, store, adaBaseUrl: options.adaBaseUrl, configuredId: options.adaChannelId,
      name: options.channelName ?? 'Parley web chat', allowedOrigins: options.allowedOrigins, leases,
    });
    const r = options.reconcile ?? {};
    const ctx: ChatContext = {
      store, hub, ada, logger, metrics, channelId, echo, leases,
      reconcile: { graceMs: r.graceMs ?? 3_000, minIntervalMs: r.minIntervalMs ?? 5_000, maxAgeMs: r.maxAgeMs ?? 600_000 },
      ...(options.landingGraceMs === undefined ? {} : { landingGraceMs: options.landingGraceMs }),
    };
    const registry = createStreamRegistry({
      keepAliveMs: options.sseKeepAliveMs ?? 15_000,
      onOpen: () => metrics.openStreams.inc(),
      onClose: () => metrics.openStreams.dec(),
    });
    let shuttingDown = false;
    const isShuttingDown = () => shuttingDown;
    const rateLimits = { ipPerMinute: options.rateLimits?.ipPerMinute ?? 300, sessionPerMinute: options.rateLimits?.sessionPerMinute ?? 30 };
    const ipLimiter = backend.limiter({ name: 'ip', points: rateLimits.ipPerMinute, windowSeconds: 60, what: 'requests from this address' });
    const sessionLimiter = backend.limiter({ name: 'messages', points: rateLimits.sessionPerMinute, windowSeconds: 60, what: 'messages' });
    const trustProxy = options.trustProxy ?? false;
    const sseRetryMs = options.sseRetryMs ?? 2_000;
    const app = createApp({
      ctx, logger, registry,
      allowedOrigins: options.allowedOrigins,
      webhookSecret: options.adaWebhookSecret,
      widgetFile: options.widgetFile ?? resolve(repoRoot, 'dist/widget.js'),
      trustProxy, rateLimits, ipLimiter, sessionLimiter, sseRetryMs, isShuttingDown, metricsToken: options.metricsToken,
      identitySecret: options.identitySecret,
      attachments: {
        maxBytes: options.attachments?.maxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES,
        types: options.attachments?.types ?? DEFAULT_ATTACHMENT_TYPES,
      },
    });
    const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
    const onWebhook = webhookListener(ctx, { secret: options.adaWebhookSecret, logger, gate: createWebhookGate(limits), trustProxy });
    const onEvents = eventsListener(ctx, {
      registry, retryMs: sseRetryMs, isShuttingDown, allowedOrigins: options.allowedOrigins, ipLimiter, trustProxy, logger,
      streamCaps: backend.streamCaps(limits),
    });
    const honoListener = getRequestListener(app.fetch);
    // Webhooks and SSE streams skip hono (see webhookListener.ts, eventsListener.ts); everything else goes through the app.
    // Slow clients cannot hold a request open (Node's defaults: 60 s for headers, 300 s for the body); the check
    // runs every second instead of every 30 s. An SSE stream is a GET whose request ends at once: not affected.
    // Node's bound is server-wide, so it is the longest one, a file's; every other request gets requestTimeoutMs.
    const timeouts = {
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      requestTimeout: Math.max(limits.requestTimeoutMs, limits.uploadTimeoutMs), connectionsCheckingInterval: 1_000,
    };
    const server: Server = createServer(timeouts, (req, res) => {
      // (A file answered before it was read, refused, does not hold its connection for the long bound: it is
      // closed once answered; a test keeps it so.)
      if (!isUploadRequest(req)) bodyDeadline(req, res, limits.requestTimeoutMs);
      if (isWebhookRequest(req)) onWebhook(req, res);
      else if (isEventsRequest(req)) onEvents(req, res);
      else void honoListener(req, res);
    });
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8787, host, () => resolveListen());
    });
    const metricsServer = options.metricsPort === undefined ? null
      : createServer(metricsListener({ metrics, streams: () => registry.size(), metricsToken: options.metricsToken }));
    if (metricsServer) {
      await new Promise<void>((resolveListen, reject) => {
        metricsServer.once('error', reject);
        metricsServer.listen(options.metricsPort, host, () => resolveListen());
      });
    }
    const stopReconcile = startPeriodicReconcile(ctx, r.everyMs ?? 5_000);
    const retentionEveryMs = options.retention?.everyMs ?? 60 * 60 * 1000;
    const retention = startRetention(store, logger, { ...options.retention, lease: () => leases.hold('retention', 2 * retentionEveryMs) });
    const port = (server.address() as AddressInfo).port;
    const url = `http://${host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    const metricsUrl = metricsServer ? url.replace(/:\d+$/, `:${(metricsServer.address() as AddressInfo).port}/metrics`) : undefined;
    logger.info({ url, channelId, ...(metricsUrl ? { metricsUrl } : {}) }, 'bridge listening');

    let closing: Promise<void> | null = null;
    return {
      url,
      port,
      metricsUrl,
      close() {
        closing ??= (async () => {
          shuttingDown = true;
          stopReconcile();
          stopStoreWatch(ctx);
          const closed = new Promise<void>((res) => server.close(() => res()));
          metricsServer?.close();
          registry.closeAll(sseRetryMs);
          // In-flight requests finish; keep-alive sockets are closed as soon as they fall idle.
          const reaper = setInterval(() => server.closeIdleConnections(), 25);
          await Promise.race([ada.idle(), delay(5_000)]);
          await Promise.race([closed, delay(5_000)]);
          clearInterval(reaper);
          await retention.stop();
          server.closeAllConnections();
          await backend.close();
          logger.info('bridge stopped');
        })();
        return closing;
      },
    };
  } catch (err) {
    await backend.close();
    throw err;
  }
}
