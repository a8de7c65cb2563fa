import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ChatContext } from '../chat/context';
import { sessionOfAuthorization } from '../middleware/auth';
import { clientIpOf } from '../middleware/clientIp';
import { corsHeadersOf } from '../middleware/cors';
import { createStreamCaps, DEFAULT_LIMITS, type StreamCaps } from '../middleware/limits';
import type { Limiter } from '../middleware/rateLimit';
import { answerError, headerOf, isRequestTo, startNodeRequest } from './nodeAnswer';
import { openEventStream, type EventRoutesOptions } from './events';

/** Options of `eventsListener`. */
export interface EventsListenerOptions extends EventRoutesOptions {
  allowedOrigins: string[] | '*';
  /** The per-IP budget the hono app's /v1 limiter also counts against. */
  ipLimiter: Limiter;
  trustProxy: boolean;
  logger: Logger;
  /** Open streams per session and per IP (429 past either); default `DEFAULT_LIMITS`. */
  streamCaps?: StreamCaps;
}

const ROUTE = { method: 'GET', path: '/v1/events' };

/** True for the requests `eventsListener` serves (GET /v1/events, with or without a query). */
export const isEventsRequest = (req: IncomingMessage): boolean => isRequestTo(req, ROUTE.method, ROUTE.path);

/**
 * `GET /v1/events` on plain node:http, in front of hono. A stream lives for hours, and through hono each one kept
 * its Request wrapper, two AbortControllers, Headers, URL, context and bound closures alive: about 11 KB of heap per
 * idle stream against about 3 KB here (bench/capacity; heap snapshots in the commit message). Same checks in the
 * same order as the hono chain, with the same code: Origin (cors.ts), the per-IP limit (the shared limiter),
 * the session (auth.ts), the open-stream caps per session and per IP (limits.ts), then `openEventStream`; errors
 * as `{error:{code,message,requestId}}` with CORS headers.
 * @example http.createServer((req, res) => (isEventsRequest(req) ? onEvents(req, res) : honoListener(req, res)));
 */
export function eventsListener(ctx: ChatContext, options: EventsListenerOptions) {
  const { logger } = options;
  const caps = options.streamCaps ?? createStreamCaps(DEFAULT_LIMITS);
  return function onEvents(req: IncomingMessage, res: ServerResponse): void {
    const { requestId, done } = startNodeRequest(req, ROUTE, ctx.metrics, logger);
    const origin = headerOf(req, 'origin');
    let headers: Record<string, string> = { 'X-Request-Id': requestId };
    (async () => {
      headers = { ...corsHeadersOf(options.allowedOrigins, origin), ...headers };
      const ip = clientIpOf(headerOf(req, 'x-forwarded-for'), req.socket.remoteAddress, options.trustProxy);
      const wait = await options.ipLimiter.take(ip);
      if (wait > 0) {
        headers['Retry-After'] = String(wait);
        throw options.ipLimiter.error(wait);
      }
      const session = await sessionOfAuthorization(ctx.store, headerOf(req, 'authorization'), origin ?? '');
      const release = await caps.acquire(session.id, ip);
      // The client may have gone while the slot was being taken (a Redis round trip): 'close' was already emitted.
      if (res.destroyed) release();
      else res.once('close', release);
      await openEventStream(ctx, options, { session, lastEventId: headerOf(req, 'last-event-id'), res, headers, log: logger });
      done(200);
    })().catch((err: unknown) => {
      if (res.headersSent) {
        logger.error({ requestId, err }, 'stream failed');
        res.destroy();
        return;
      }
      done(answerError(res, err, requestId, headers, logger));
    });
  };
}
