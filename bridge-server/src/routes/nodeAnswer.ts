import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics';
import { errorAnswer } from '../middleware/errorHandler';
import { requestIdOf } from '../middleware/requestContext';

/** True when `req` is `method path`, with or without a query (how the node:http fast paths pick their requests). */
export const isRequestTo = (req: IncomingMessage, method: string, path: string): boolean =>
  req.method === method && (req.url === path || req.url?.startsWith(`${path}?`) === true);

/** One request header by lower-case name, repeated values joined as hono's `c.req.header` does. */
export const headerOf = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
};

/**
 * What middleware/requestContext.ts gives a hono request, for a fast path: the request id, and `done(status)`
 * counting the request in metrics (the per-request log line is at debug here).
 */
export function startNodeRequest(req: IncomingMessage, route: { method: string; path: string }, metrics: Metrics, logger: Logger) {
  const started = performance.now();
  const requestId = requestIdOf(headerOf(req, 'x-request-id'));
  const done = (status: number): void => {
    metrics.httpRequests.inc({ method: route.method, route: route.path, status: String(status) });
    if (logger.isLevelEnabled('debug')) {
      logger.debug({ requestId, method: route.method, path: route.path, status, ms: Math.round(performance.now() - started) }, 'request');
    }
  };
  return { requestId, done };
}

/** Writes a JSON answer on a raw Node response (the node:http fast paths); returns its status. */
export function answerJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): number {
  const json = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
  return status;
}

/** The fast paths' `errorHandler`: the same `errorAnswer`, written on the Node response. Returns the status. */
export function answerError(res: ServerResponse, err: unknown, requestId: string, headers: Record<string, string>, logger: Logger): number {
  const answer = errorAnswer(err, requestId, logger, { requestId });
  return answerJson(res, answer.status, answer.body, { ...headers, ...answer.headers });
}
