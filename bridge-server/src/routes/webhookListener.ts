import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ChatContext } from '../chat/context';
import { BridgeError, isBridgeError } from '../errors';
import type { ErrorBody } from '../protocol/api';
import { countTooLarge, createWebhookReceiver, WEBHOOK_MAX_BYTES } from '../webhooks/receiveWebhook';

/** Options of `webhookListener`. */
export interface WebhookListenerOptions {
  secret: string;
  logger: Logger;
}

const PATH = '/webhooks/ada';
const REQUEST_ID = /^[\w.-]{1,64}$/;

/** True for the requests `webhookListener` serves (POST /webhooks/ada, with or without a query). */
export const isWebhookRequest = (req: IncomingMessage): boolean =>
  req.method === 'POST' && (req.url === PATH || req.url?.startsWith(`${PATH}?`) === true);

/**
 * `POST /webhooks/ada` on plain node:http, in front of hono. Ada posts up to thousands of webhooks a second, and
 * hono's Request/ReadableStream/Response wrapping, a child logger and an AbortSignal per request cost more than
 * verifying and storing one (bench/capacity). Same contract as the hono route and the middleware it skips: the
 * shared receiver (verify before parse, dedupe), the 256 KB cap (413), `X-Request-Id`, the
 * `{error:{code,message,requestId}}` body, request metrics; the per-request log line is at debug here.
 * @example http.createServer((req, res) => (isWebhookRequest(req) ? onWebhook(req, res) : honoListener(req, res)));
 */
export function webhookListener(ctx: ChatContext, options: WebhookListenerOptions) {
  const receive = createWebhookReceiver(ctx, { secret: options.secret });
  const { logger } = options;

  return function onWebhook(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    let answered = false;
    const answer = (status: number, body: unknown): void => {
      if (answered) return;
      answered = true;
      const json = JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json), 'X-Request-Id': requestId });
      res.end(json);
      ctx.metrics.httpRequests.inc({ method: 'POST', route: PATH, status: String(status) });
      if (logger.isLevelEnabled('debug')) {
        logger.debug({ requestId, method: 'POST', path: PATH, status, ms: Math.round(performance.now() - started) }, 'request');
      }
    };
    const fail = (err: unknown): void => {
      if (isBridgeError(err)) {
        if (err.status >= 500) logger.warn({ requestId, err, code: err.code }, err.message);
        const body: ErrorBody = { error: { code: err.code, message: err.message, requestId } };
        return answer(err.status, body);
      }
      logger.error({ requestId, err }, 'unhandled error');
      const body: ErrorBody = { error: { code: 'internal_error', message: 'Something went wrong on our side.', requestId } };
      answer(500, body);
    };
    const tooLarge = (): void => {
      countTooLarge(ctx);
      fail(new BridgeError('payload_too_large', `Webhook bodies are limited to ${WEBHOOK_MAX_BYTES / 1024} KB.`));
    };

    if (Number(req.headers['content-length'] ?? 0) > WEBHOOK_MAX_BYTES) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (answered) return; // over the cap: the rest is read and dropped
      size += chunk.length;
      if (size > WEBHOOK_MAX_BYTES) return tooLarge();
      chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (answered) return;
      const raw = Buffer.concat(chunks, size).toString('utf8');
      receive(raw, (name) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value.join(', ') : value;
      }).then((outcome) => answer(200, { ok: true, outcome }), fail);
    });
  };
}
