/**
 * Child process: posts signed webhooks at a steady rate (open loop: each is sent at its scheduled time, whether or
 * not earlier ones were answered, with at most `maxInFlight` in flight) for a bounded time, then stops. Each carries
 * its send time in the message text so the SSE clients measure end-to-end latency.
 */
import http from 'node:http';
import { serveIpc } from './ipc';
import { summarize } from './stats';
import type { Percentiles } from './stats';
import { createWebhookSigner, markerText, nowNs } from './webhookPayload';
import type { WebhookSigning, WebhookTarget } from './webhookPayload';

/** Arguments of `send`. */
export interface SendArgs extends WebhookSigning {
  /** Full URL of the webhook endpoint. */
  url: string;
  targets: WebhookTarget[];
  ratePerSec: number;
  durationMs: number;
  maxInFlight?: number;
}

/** Reply of `send`. */
export interface SendResult {
  attempted: number;
  accepted: number;
  /** Not sent because `maxInFlight` requests were still waiting (the server fell behind). */
  skipped: number;
  errors: number;
  statuses: Record<string, number>;
  /** POST round trip (send → 2xx answer), ms. */
  responseMs: Percentiles;
  achievedPerSec: number;
}

// Kept across `send` calls, so a measured rate starts on the warm-up's open connections.
let agent: http.Agent | null = null;

async function send(args: SendArgs): Promise<SendResult> {
  const sign = createWebhookSigner(args);
  const pool = (agent ??= new http.Agent({ keepAlive: true, maxSockets: args.maxInFlight ?? 256 }));
  const statuses: Record<string, number> = {};
  const responseMs: number[] = [];
  const total = Math.round((args.ratePerSec * args.durationMs) / 1000);
  let inFlight = 0;
  let attempted = 0;
  let accepted = 0;
  let skipped = 0;
  let errors = 0;
  const target = new URL(args.url);
  const started = nowNs();
  const postOne = (seq: number): Promise<void> =>
    new Promise((resolve) => {
      const t = args.targets[seq % args.targets.length];
      if (!t) return resolve();
      const sentNs = nowNs();
      const { body, headers } = sign(t, markerText(seq, sentNs));
      inFlight++;
      const req = http.request(target, { method: 'POST', agent: pool, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => {
          const key = String(res.statusCode);
          statuses[key] = (statuses[key] ?? 0) + 1;
          if (res.statusCode && res.statusCode < 300) {
            accepted++;
            responseMs.push(Number(nowNs() - sentNs) / 1e6);
          }
          inFlight--;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        inFlight--;
        resolve();
      });
      req.end(body);
    });
  const pending: Promise<void>[] = [];
  const intervalNs = BigInt(Math.round(1e9 / args.ratePerSec));
  for (let seq = 0; seq < total; seq++) {
    const due = started + intervalNs * BigInt(seq);
    const wait = Number(due - nowNs()) / 1e6;
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    else if (seq % 64 === 0) await new Promise((r) => setImmediate(r)); // let answers in when behind schedule
    attempted++;
    if (inFlight >= (args.maxInFlight ?? 256)) {
      skipped++;
      continue;
    }
    pending.push(postOne(seq));
  }
  const sendingMs = Number(nowNs() - started) / 1e6;
  await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 10_000))]);
  return {
    attempted,
    accepted,
    skipped,
    errors,
    statuses,
    responseMs: summarize(responseMs),
    achievedPerSec: Math.round((accepted / sendingMs) * 1000),
  };
}

serveIpc({ send: (args: SendArgs) => send(args) }, () => agent?.destroy());
