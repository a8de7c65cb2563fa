import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics';
import { isAlreadySent } from './alreadySent';
import type { BridgeEnv } from './types';

/** The caller's `X-Request-Id` when it is a short safe token, else a new one (shared with the node:http fast paths). */
export function requestIdOf(incoming: string | undefined): string {
  return incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
}

/**
 * Gives every request an id (`X-Request-Id`, echoed back), a child logger carrying it, and counts it in metrics
 * by route pattern (never by raw path, to keep label cardinality bounded).
 * @example app.use(requestContext({ logger, metrics }))
 */
export function requestContext(options: { logger: Logger; metrics: Metrics }): MiddlewareHandler<BridgeEnv> {
  return async function requestContextMiddleware(c, next) {
    const requestId = requestIdOf(c.req.header('x-request-id'));
    const log = options.logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    c.set('origin', c.req.header('origin') ?? '');
    const started = performance.now();
    await next();
    if (!isAlreadySent(c.res)) c.header('X-Request-Id', requestId);
    const route = c.req.routePath || 'unmatched';
    options.metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
    log.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  };
}
