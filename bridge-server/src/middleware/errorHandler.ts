import type { ErrorHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isBridgeError } from '../errors';
import type { ErrorBody } from '../protocol/api';
import type { BridgeEnv } from './types';

/**
 * The one error handler: `BridgeError` → its status and `{error:{code,message}}`; anything else is logged and
 * answered 500 `internal_error` with the request id, never a stack or an internal message.
 * @example app.onError(errorHandler())
 */
export function errorHandler(): ErrorHandler<BridgeEnv> {
  return function handleError(err, c) {
    const requestId = c.get('requestId');
    const log = c.get('log');
    const cors = c.get('corsHeaders') ?? {};
    if (isBridgeError(err)) {
      if (err.status >= 500) log?.warn({ err, code: err.code }, err.message);
      const body: ErrorBody = { error: { code: err.code, message: err.message, requestId } };
      return c.json(body, err.status as ContentfulStatusCode, cors);
    }
    log?.error({ err }, 'unhandled error');
    const body: ErrorBody = { error: { code: 'internal_error', message: 'Something went wrong on our side.', requestId } };
    return c.json(body, 500, cors);
  };
}
