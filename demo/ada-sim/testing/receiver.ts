import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One webhook request as the receiver saw it. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
  status: number;
  at: number;
}

/** A local webhook endpoint for tests. */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Sets the status answered to the next requests (a function can vary it per request). */
  respondWith(status: number | ((request: { index: number; svixId: string }) => number)): void;
  close(): Promise<void>;
}

/**
 * Starts a webhook receiver on a free port. It records raw bodies so tests can verify signatures
 * with `svix` exactly as the bridge does.
 */
export async function startReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let respond: number | ((request: { index: number; svixId: string }) => number) = 204;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const svixId = String(req.headers['svix-id'] ?? '');
      const status = typeof respond === 'function' ? respond({ index: received.length, svixId }) : respond;
      received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8'), status, at: Date.now() });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/ada`,
    received,
    respondWith(status) {
      respond = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Parses a received body's envelope. */
export function envelope(webhook: ReceivedWebhook): { type: string; timestamp: string; data: Record<string, unknown> } {
  return JSON.parse(webhook.rawBody) as { type: string; timestamp: string; data: Record<string, unknown> };
}
