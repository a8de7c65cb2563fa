/**
 * Child process: posts signed webhooks at a steady rate (open loop: each is sent at its scheduled time, whether or
 * not earlier ones were answered, with at most `maxInFlight` in flight) for a bounded time, then stops. Each carries
 * its send time in the message text so the SSE clients measure end-to-end latency.
 */
import http from 'node:http';
import { serveIpc } from './ipc';
import { startStallTrace } from './stallTrace';
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
  /**
   * First send this long at the same rate, as warm-up markers (not counted here, kept apart by the SSE clients),
   * then the `durationMs` measured, on the same schedule with no pause between them.
   */
  warmupMs?: number;
  maxInFlight?: number;
  /** Return every accepted request as [sent at (monotonic ms), round trip ms, 1 if on a new connection]. */
  samples?: boolean;
  /** Return the sequence number of every measured webhook answered 2xx (the kill run counts lost events by it). */
  seqs?: boolean;
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
  /** Warm-up webhooks sent and answered 2xx (none of the counts above include them). */
  warmup: { attempted: number; accepted: number };
  samples?: [number, number, number][];
  acceptedSeqs?: number[];
}

// Kept across `send` calls, so a measured rate starts on the warm-up's open connections.
let agent: http.Agent | null = null;

async function send(args: SendArgs): Promise<SendResult> {
  const sign = createWebhookSigner(args);
  const pool = (agent ??= new http.Agent({ keepAlive: true, maxSockets: args.maxInFlight ?? 256 }));
  const statuses: Record<string, number> = {};
  const responseMs: number[] = [];
  const samples: [number, number, number][] = [];
  const acceptedSeqs: number[] = [];
  const warm = Math.round((args.ratePerSec * (args.warmupMs ?? 0)) / 1000);
  const total = warm + Math.round((args.ratePerSec * args.durationMs) / 1000);
  const warmup = { attempted: 0, accepted: 0 };
  let inFlight = 0;
  let attempted = 0;
  let accepted = 0;
  let skipped = 0;
  let errors = 0;
  const target = new URL(args.url);
  const started = nowNs();
  let measuredFrom = started;
  const postOne = (seq: number): Promise<void> =>
    new Promise((resolve) => {
      const t = args.targets[seq % args.targets.length];
      if (!t) return resolve();
      const isWarm = seq < warm;
      const sentNs = nowNs();
      const { body, headers } = sign(t, markerText(isWarm ? seq : seq - warm, sentNs, isWarm));
      inFlight++;
      const req = http.request(target, { method: 'POST', agent: pool, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => {
          inFlight--;
          if (isWarm) {
            if (res.statusCode && res.statusCode < 300) warmup.accepted++;
            return resolve();
          }
          const key = String(res.statusCode);
          statuses[key] = (statuses[key] ?? 0) + 1;
          if (res.statusCode && res.statusCode < 300) {
            accepted++;
            const rt = Number(nowNs() - sentNs) / 1e6;
            responseMs.push(rt);
            if (args.samples) samples.push([Number(sentNs) / 1e6, rt, req.reusedSocket ? 0 : 1]);
            if (args.seqs) acceptedSeqs.push(seq - warm);
          }
          resolve();
        });
      });
      req.on('error', () => {
        if (!isWarm) errors++;
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
    if (seq === warm) measuredFrom = nowNs();
    if (seq < warm) warmup.attempted++;
    else attempted++;
    if (inFlight >= (args.maxInFlight ?? 256)) {
      if (seq >= warm) skipped++;
      continue;
    }
    pending.push(postOne(seq));
  }
  const sendingMs = Number(nowNs() - measuredFrom) / 1e6;
  await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 10_000))]);
  return {
    attempted,
    accepted,
    skipped,
    errors,
    statuses,
    responseMs: summarize(responseMs),
    achievedPerSec: Math.round((accepted / sendingMs) * 1000),
    warmup,
    ...(args.samples ? { samples } : {}),
    ...(args.seqs ? { acceptedSeqs } : {}),
  };
}

const tracer = process.env.BENCH_RELAY_TRACE ? startStallTrace() : null;

serveIpc({ send: (args: SendArgs) => send(args), trace: () => tracer?.take() ?? null }, () => agent?.destroy());
