import type { MiddlewareHandler } from 'hono';
import { BridgeError } from '../errors';
import { isAlreadySent } from './alreadySent';
import type { BridgeEnv } from './types';

/** Whether `origin` may use the widget API. */
export function isOriginAllowed(allowed: string[] | '*', origin: string): boolean {
  return allowed === '*' || allowed.includes(origin);
}

/**
 * The CORS headers a request's Origin gets: none without one, else the origin echoed. Shared by `cors` and the
 * node:http SSE path (eventsListener.ts).
 * @throws BridgeError `origin_not_allowed` when the origin is not allowed
 */
export function corsHeadersOf(allowed: string[] | '*', origin: string | undefined): Record<string, string> {
  if (origin === undefined) return {};
  if (!isOriginAllowed(allowed, origin)) {
    throw new BridgeError('origin_not_allowed', 'This website is not allowed to use this chat.');
  }
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'X-Request-Id', Vary: 'Origin' };
}

/**
 * CORS for the widget API: only allowed origins get CORS headers (the request Origin echoed, never `*` with
 * credentials); preflight allows Authorization, Content-Type and Last-Event-ID. A request carrying a
 * disallowed Origin is refused with 403 `origin_not_allowed` and no CORS headers.
 * @example app.use('/v1/*', cors({ allowedOrigins: ['https://shop.example'] }))
 */
export function cors(options: { allowedOrigins: string[] | '*' }): MiddlewareHandler<BridgeEnv> {
  return async function corsMiddleware(c, next) {
    const origin = c.req.header('origin');
    c.set('corsHeaders', {});
    const headers = corsHeadersOf(options.allowedOrigins, origin);
    c.set('corsHeaders', headers);
    if (origin === undefined) return next();
    if (c.req.method === 'OPTIONS') {
      return c.body(null, 204, {
        ...headers,
        'Access-Control-Allow-Methods': 'GET, POST, PATCH, DELETE, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, Last-Event-ID, X-Parley-Client-Id, X-Parley-Filename',
        'Access-Control-Max-Age': '600',
      });
    }
    await next();
    // A raw SSE response already carries these headers and must not be touched (see alreadySent.ts).
    if (!isAlreadySent(c.res)) for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  };
}
