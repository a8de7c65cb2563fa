import type { ErrorHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import { isBridgeError } from '../errors';
import type { ErrorBody } from '../protocol/api';
import type { BridgeEnv } from './types';

/**
 * The status and body of an error answer, shared by `errorHandler` and the node:http fast paths (nodeAnswer.ts):
 * `BridgeError` → its status and `{error:{code,message,requestId}}`; anything else is logged and answered 500
 * `internal_error`, never a stack or an internal message. `fields` are added to the log line.
 */
export function errorAnswer(
  err: unknown, requestId: string, log: Logger | undefined, fields: Record<string, unknown> = {},
): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (isBridgeError(err)) {
    if (err.status >= 500) log?.warn({ ...fields, err, code: err.code }, err.message);
    // Svix and the widget retry a 503; Retry-After says when it is worth it.
    const headers: Record<string, string> = err.retryAfter === undefined ? {} : { 'Retry-After': String(err.retryAfter) };
    return { status: err.status, body: { error: { code: err.code, message: err.message, requestId } }, headers };
  }
  log?.error({ ...fields, err }, 'unhandled error');
  return { status: 500, body: { error: { code: 'internal_error', message: 'Something went wrong on our side.', requestId } }, headers: {} };
}

/**
 * The one error handler: answers with `errorAnswer`, plus the request's CORS headers.
 * @example app.onError(errorHandler())
 */
export function errorHandler(): ErrorHandler<BridgeEnv> {
  return function handleError(err, c) {
    const { status, body, headers } = errorAnswer(err, c.get('requestId'), c.get('log'));
    return c.json(body, status as ContentfulStatusCode, { ...c.get('corsHeaders'), ...headers });
  };
}
