/**
 * Child process: holds many SSE streams open and measures, for every event whose text is a bench marker, the time
 * from the marker's send timestamp to its arrival here (warm-up markers apart). Commands: open, reset, report, closeAll.
 */
import http from 'node:http';
import type { ClientRequest } from 'node:http';
import { serveIpc } from './ipc';
import { startStallTrace } from './stallTrace';
import { summarize } from './stats';
import type { Percentiles } from './stats';
import { nowNs, parseMarker } from './webhookPayload';

/** Arguments of `open`. */
export interface OpenArgs {
  /** Full URL of the stream, e.g. http://127.0.0.1:1234/v1/events. */
  url: string;
  /** Bearer tokens, used round-robin; empty for no Authorization header. */
  tokens: string[];
  /** How many more streams to open. */
  count: number;
  origin?: string;
  /** Connects in flight at once (keeps the server's accept backlog from overflowing). */
  concurrency?: number;
}

/** Reply of `open`. */
export interface OpenResult {
  open: number;
  failed: number;
  firstError: string | null;
  ms: number;
}

/** Reply of `report`. */
export interface ClientReport {
  /** Marker events received since the last reset (over all streams). */
  received: number;
  latencyMs: Percentiles;
  /** Warm-up markers received since the last reset (not in `received`), and their latency. */
  warmReceived: number;
  warmLatencyMs: Percentiles;
  open: number;
  /** Streams that ended or failed after opening, since the start. */
  dropped: number;
}

const MAX_SAMPLES = 2_000_000;
const requests = new Set<ClientRequest>();
let latencies: number[] = [];
/** Send time (monotonic ms) of each sample in `latencies`, same order: the `samples` command's time series. */
let sentAt: number[] = [];
let warmLatencies: number[] = [];
let dropped = 0;

/** Pulls the text of a message out of a bridge `message` event or a raw Ada envelope (bare server). */
function textOf(data: string): string | null {
  try {
    const v = JSON.parse(data) as { message?: { content?: { body?: unknown } }; data?: { content?: { body?: unknown } } };
    const body = v.message?.content?.body ?? v.data?.content?.body;
    return typeof body === 'string' ? body : null;
  } catch {
    return null;
  }
}

function onBlock(block: string, arrivedNs: bigint): void {
  if (!block.includes('bench:') && !block.includes('warm:')) return;
  for (const line of block.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const marker = parseMarker(textOf(line.slice(5).trim()) ?? '');
    if (marker?.warm) {
      if (warmLatencies.length < MAX_SAMPLES) warmLatencies.push(Number(arrivedNs - marker.sentNs) / 1e6);
    } else if (marker && latencies.length < MAX_SAMPLES) {
      latencies.push(Number(arrivedNs - marker.sentNs) / 1e6);
      sentAt.push(Number(marker.sentNs) / 1e6);
    }
  }
}

function openOne(url: string, token: string | undefined, origin: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (origin) headers.origin = origin;
    const req = http.get(url, { headers, agent: false }, (res) => {
      if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.resume();
        reject(new Error(`HTTP ${res.statusCode} ${res.headers['content-type']}`));
        return;
      }
      requests.add(req);
      res.setEncoding('utf8');
      let buf = '';
      res.on('data', (chunk: string) => {
        const at = nowNs();
        buf += chunk.replace(/\r\n?/g, '\n');
        let end = buf.indexOf('\n\n');
        while (end >= 0) {
          onBlock(buf.slice(0, end), at);
          buf = buf.slice(end + 2);
          end = buf.indexOf('\n\n');
        }
      });
      res.on('close', () => {
        if (requests.delete(req)) dropped++;
      });
      resolve();
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('connect timeout')));
  });
}

async function open(args: OpenArgs): Promise<OpenResult> {
  const started = Date.now();
  let next = 0;
  let failed = 0;
  let firstError: string | null = null;
  const worker = async (): Promise<void> => {
    while (next < args.count) {
      const i = next++;
      try {
        await openOne(args.url, args.tokens[i % Math.max(1, args.tokens.length)], args.origin);
      } catch (err) {
        failed++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.count, args.concurrency ?? 100) }, worker));
  for (const req of requests) req.setTimeout(0);
  return { open: requests.size, failed, firstError, ms: Date.now() - started };
}

function closeAll(): number {
  const n = requests.size;
  for (const req of [...requests]) {
    requests.delete(req);
    req.destroy();
  }
  return n;
}

const tracer = process.env.BENCH_RELAY_TRACE ? startStallTrace() : null;

serveIpc(
  {
    open: (args: OpenArgs) => open(args),
    reset: () => {
      latencies = [];
      sentAt = [];
      warmLatencies = [];
      return true;
    },
    report: (): ClientReport => ({
      received: latencies.length, latencyMs: summarize(latencies), warmReceived: warmLatencies.length, warmLatencyMs: summarize(warmLatencies),
      open: requests.size, dropped,
    }),
    /** Every sample since the last reset as [sent at (monotonic ms), latency ms]. */
    samples: (): [number, number][] => latencies.map((l, i) => [sentAt[i] ?? 0, l]),
    trace: () => tracer?.take() ?? null,
    closeAll,
  },
  () => void closeAll(),
);
