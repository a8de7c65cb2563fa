import { dirname } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Logger } from 'pino';
import type { ChatContext } from './chat/context';
import { BridgeError } from './errors';
import { requireSession } from './middleware/auth';
import { cors } from './middleware/cors';
import { errorHandler } from './middleware/errorHandler';
import { rateLimit } from './middleware/rateLimit';
import { clientIpOf } from './middleware/clientIp';
import type { Limiter } from './middleware/rateLimit';
import { requestContext } from './middleware/requestContext';
import type { BridgeEnv } from './middleware/types';
import type { AttachmentPolicy } from './chat/attachments';
import { attachmentRoutes } from './routes/attachments';
import { conversationRoutes } from './routes/conversation';
import { eventRoutes } from './routes/events';
import { messageRoutes } from './routes/messages';
import { opsRoutes } from './routes/ops';
import { sessionRoutes } from './routes/sessions';
import { webhookRoutes } from './routes/webhooks';
import { chatRoutes, widgetRoutes } from './routes/widget';
import type { StreamRegistry } from './sse/streamRegistry';

/** Largest JSON body on /v1 (a 5,000-character message plus 4 KB metadata fits comfortably). */
const API_MAX_BYTES = 32 * 1024;

/** What `createApp` wires together. */
export interface AppOptions {
  ctx: ChatContext;
  logger: Logger;
  registry: StreamRegistry;
  allowedOrigins: string[] | '*';
  webhookSecret: string;
  widgetFile: string;
  trustProxy: boolean;
  rateLimits: { sessionPerMinute: number };
  /** The per-IP budget on /v1, shared with the node:http SSE path (eventsListener.ts). */
  ipLimiter: Limiter;
  /** The per-session message budget (in the backend, so shared by instances); default one in memory from `rateLimits`. */
  sessionLimiter?: Limiter;
  sseRetryMs: number;
  isShuttingDown: () => boolean;
  /** `IDENTITY_SECRET`: HS256 key of signed-in visitors' tokens; unset, tokens get `identity_not_configured`. */
  identitySecret?: string;
  /** `ATTACHMENT_MAX_BYTES` and `ATTACHMENT_TYPES`. */
  attachments: AttachmentPolicy;
  /** `METRICS_TOKEN`: without it `GET /metrics` is not served on this listener. */
  metricsToken?: string;
}

function clientIp(c: Context<BridgeEnv>, trustProxy: boolean): string {
  let remote: string | undefined;
  try {
    remote = getConnInfo(c).remote.address;
  } catch {
    remote = undefined;
  }
  return clientIpOf(c.req.header('x-forwarded-for'), remote, trustProxy);
}

/**
 * Middleware and route wiring only; behaviour lives in middleware/, routes/ and chat/.
 * @example const app = createApp(options); serve({ fetch: app.fetch, port: 0 });
 */
export function createApp(o: AppOptions) {
  const app = new Hono<BridgeEnv>();
  const { ctx } = o;
  app.use(requestContext({ logger: o.logger, metrics: ctx.metrics }));
  app.onError(errorHandler());
  app.notFound(() => {
    throw new BridgeError('not_found', 'No such endpoint.');
  });

  app.route('/', opsRoutes({ store: ctx.store, metrics: ctx.metrics, streams: () => o.registry.size(), isShuttingDown: o.isShuttingDown, metricsToken: o.metricsToken }));
  app.route('/widget.js', widgetRoutes({ file: o.widgetFile }));
  app.route('/', chatRoutes({ dir: dirname(o.widgetFile) }));
  app.route('/webhooks/ada', webhookRoutes(ctx, { secret: o.webhookSecret }));

  app.use('/v1/*', cors({ allowedOrigins: o.allowedOrigins }));
  const jsonLimit = bodyLimit({
    maxSize: API_MAX_BYTES,
    onError: () => {
      throw new BridgeError('payload_too_large', `Request bodies are limited to ${API_MAX_BYTES / 1024} KB.`);
    },
  });
  // Files have their own, larger bound, checked while they stream (routes/attachments.ts).
  app.use('/v1/*', (c, next) => (c.req.path === '/v1/attachments' ? next() : jsonLimit(c, next)));
  app.use('/v1/*', rateLimit({ key: (c) => clientIp(c, o.trustProxy), limiter: o.ipLimiter }));
  app.route('/v1/sessions', sessionRoutes({ store: ctx.store, ada: ctx.ada, logger: o.logger, identitySecret: o.identitySecret }));

  const auth = requireSession({ store: ctx.store });
  app.use('/v1/conversation', auth);
  app.use('/v1/conversation/*', auth);
  app.use('/v1/messages', auth);
  app.use('/v1/events', auth);
  app.use('/v1/messages', o.sessionLimiter
    ? rateLimit({ limiter: o.sessionLimiter, key: (c) => c.get('session').id })
    : rateLimit({ points: o.rateLimits.sessionPerMinute, windowSeconds: 60, key: (c) => c.get('session').id, what: 'messages' }));
  app.use('/v1/attachments', auth);
  // Files count against the same per-session budget as messages (shared across instances with Redis).
  app.use('/v1/attachments', o.sessionLimiter
    ? rateLimit({ limiter: o.sessionLimiter, key: (c) => c.get('session').id })
    : rateLimit({ points: o.rateLimits.sessionPerMinute, windowSeconds: 60, key: (c) => c.get('session').id, what: 'files' }));
  app.route('/v1/conversation', conversationRoutes(ctx));
  app.route('/v1/messages', messageRoutes(ctx));
  app.route('/v1/attachments', attachmentRoutes(ctx, o.attachments));
  app.route('/v1/events', eventRoutes(ctx, { registry: o.registry, retryMs: o.sseRetryMs, isShuttingDown: o.isShuttingDown }));
  return app;
}
