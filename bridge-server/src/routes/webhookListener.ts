import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ChatContext } from '../chat/context';
import { isBridgeError } from '../errors';
import { clientIpOf } from '../middleware/clientIp';
import { createWebhookGate, DEFAULT_LIMITS, type WebhookGate } from '../middleware/limits';
import { answerError, answerJson, headerOf, isRequestTo, startNodeRequest } from './nodeAnswer';
import { createWebhookReceiver, WEBHOOK_MAX_BYTES, webhookTooLarge } from '../webhooks/receiveWebhook';

/** Options of `webhookListener`. */
export interface WebhookListenerOptions {
  secret: string;
  logger: Logger;
  /** Admission (in-flight bound, bad-signature budget per IP); default `DEFAULT_LIMITS`. */
  gate?: WebhookGate;
  /** Take the client IP from X-Forwarded-For. */
  trustProxy?: boolean;
}

const ROUTE = { method: 'POST', path: '/webhooks/ada' };

/** True for the requests `webhookListener` serves (POST /webhooks/ada, with or without a query). */
export const isWebhookRequest = (req: IncomingMessage): boolean => isRequestTo(req, ROUTE.method, ROUTE.path);

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
  const gate = options.gate ?? createWebhookGate(DEFAULT_LIMITS);

  return function onWebhook(req: IncomingMessage, res: ServerResponse): void {
    const { requestId, done: count } = startNodeRequest(req, ROUTE, ctx.metrics, logger);
    const ip = clientIpOf(headerOf(req, 'x-forwarded-for'), req.socket.remoteAddress, options.trustProxy ?? false);
    let answered = false;
    const headers = { 'X-Request-Id': requestId };
    const done = (status: number): void => {
      answered = true;
      count(status);
    };
    const answer = (status: number, body: unknown): void => {
      if (!answered) done(answerJson(res, status, body, headers));
    };
    const fail = (err: unknown): void => {
      if (isBridgeError(err) && err.code === 'invalid_signature') gate.noteInvalid(ip);
      if (!answered) done(answerError(res, err, requestId, headers, logger));
    };
    const tooLarge = (): void => fail(webhookTooLarge(ctx));

    req.on('error', () => res.destroy());
    if (Number(req.headers['content-length'] ?? 0) > WEBHOOK_MAX_BYTES) return tooLarge();
    // The body is not read before admission: the request stays paused, so a refused one costs no parsing.
    void gate.admit(ip).then((refused) => {
      if (refused) {
        ctx.metrics.webhooks.inc({ outcome: refused.code });
        req.resume();
        return fail(refused);
      }
      // Given back when the response is over, however it ends (answered, or dropped by the request timeout).
      res.once('close', gate.done);
      read();
    }, fail);

    function read(): void {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        if (answered) return; // over the cap: the rest is read and dropped
        size += chunk.length;
        if (size > WEBHOOK_MAX_BYTES) return tooLarge();
        chunks.push(chunk);
      });
      req.on('end', () => {
        if (answered) return;
        const raw = Buffer.concat(chunks, size).toString('utf8');
        receive(raw, (name) => headerOf(req, name)).then((outcome) => answer(200, { ok: true, outcome }), fail);
      });
    }
  };
}
