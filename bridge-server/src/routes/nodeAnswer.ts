import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { isBridgeError } from '../errors';
import type { ErrorBody } from '../protocol/api';

/** Writes a JSON answer on a raw Node response (the node:http fast paths); returns its status. */
export function answerJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): number {
  const json = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
  return status;
}

/**
 * The fast paths' twin of middleware/errorHandler.ts: `BridgeError` → its status and `{error:{code,message,requestId}}`;
 * anything else is logged and answered 500 `internal_error`, never leaked. Returns the status.
 */
export function answerError(res: ServerResponse, err: unknown, requestId: string, headers: Record<string, string>, logger: Logger): number {
  if (isBridgeError(err)) {
    if (err.status >= 500) logger.warn({ requestId, err, code: err.code }, err.message);
    const body: ErrorBody = { error: { code: err.code, message: err.message, requestId } };
    return answerJson(res, err.status, body, headers);
  }
  logger.error({ requestId, err }, 'unhandled error');
  const body: ErrorBody = { error: { code: 'internal_error', message: 'Something went wrong on our side.', requestId } };
  return answerJson(res, 500, body, headers);
}
