/**
 * Child process for the kill run (bench/relayRedis.ts): holds SSE streams that behave like the widget's when their
 * connection drops: reconnect after the widget's own backoff (eventStream.ts: the server's `retry:` hint, doubled per
 * failed attempt, jittered) with `Last-Event-ID`. Records, per stream, every bench marker received (to count lost and
 * repeated events) and when it dropped and came back (to time how long until every stream is live again).
 * Commands: open, report, closeAll.
 */
import http from 'node:http';
import type { ClientRequest } from 'node:http';
import { backoff } from '../../widget/src/transport/eventStream';
import { serveIpc } from './ipc';
import { nowNs, parseMarker } from './webhookPayload';

/** Arguments of `open`. */
export interface ResumingOpenArgs {
  url: string;
  /** Stream i uses tokens[i % tokens.length]. */
  tokens: string[];
  count: number;
  origin: string;
  concurrency?: number;
}

/** Reply of `report`. */
export interface ResumingReport {
  open: number;
  /** Per stream (index i, token i % tokens.length): every measured marker seq received, in order, repeats kept. */
  seqs: number[][];
  /** How many times an open stream dropped. */
  drops: number;
  /** Monotonic ms of every drop and of the reopen that followed it (NaN while not reopened). */
  outages: Array<{ streamIndex: number; droppedAtMs: number; reopenedAtMs: number; attempts: number }>;
}

interface Stream {
  index: number;
  token: string;
  lastId: string | null;
  retryMs: number;
  seqs: number[];
  req: ClientRequest | null;
}

const streams: Stream[] = [];
const outages: ResumingReport['outages'] = [];
let closing = false;
let drops = 0;

function connect(s: Stream, url: string, origin: string, attempt: number, outage: ResumingReport['outages'][number] | null): Promise<void> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${s.token}`, origin };
    if (s.lastId) headers['last-event-id'] = s.lastId;
    const retry = (): void => {
      if (closing) return resolve();
      setTimeout(() => void connect(s, url, origin, attempt + 1, outage).then(resolve), backoff(s.retryMs, attempt));
    };
    let opened = false;
    const req = http.get(url, { headers, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return retry();
      }
      opened = true;
      s.req = req;
      if (outage) {
        outage.reopenedAtMs = Number(nowNs()) / 1e6;
        outage.attempts = attempt + 1;
      }
      resolve();
      res.setEncoding('utf8');
      let buf = '';
      res.on('data', (chunk: string) => {
        buf += chunk.replace(/\r\n?/g, '\n');
        let end = buf.indexOf('\n\n');
        while (end >= 0) {
          onBlock(s, buf.slice(0, end));
          buf = buf.slice(end + 2);
          end = buf.indexOf('\n\n');
        }
      });
      res.on('error', () => undefined); // a connection cut mid-stream: `close` below reconnects
      res.on('close', () => {
        s.req = null;
        if (closing) return;
        drops++;
        const next = { streamIndex: s.index, droppedAtMs: Number(nowNs()) / 1e6, reopenedAtMs: Number.NaN, attempts: 0 };
        outages.push(next);
        setTimeout(() => void connect(s, url, origin, 1, next), backoff(s.retryMs, 0));
      });
    });
    req.on('error', () => {
      if (!opened) retry(); // failed before it opened; after opening, `close` above reconnects
    });
  });
}

function onBlock(s: Stream, block: string): void {
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('id:')) s.lastId = line.slice(3).trim();
    else if (line.startsWith('retry:') && /^\d+$/.test(line.slice(6).trim())) s.retryMs = Number(line.slice(6).trim());
    else if (line.startsWith('data:')) data += line.slice(5).trim();
  }
  if (!data.includes('bench:')) return;
  try {
    const body = (JSON.parse(data) as { message?: { content?: { body?: unknown } } }).message?.content?.body;
    const marker = typeof body === 'string' ? parseMarker(body) : null;
    if (marker && !marker.warm) s.seqs.push(marker.seq);
  } catch {
    // not one of ours
  }
}

async function open(args: ResumingOpenArgs): Promise<{ open: number }> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < args.count) {
      const index = streams.length;
      next++;
      const s: Stream = { index, token: args.tokens[index % args.tokens.length] ?? '', lastId: null, retryMs: 1000, seqs: [], req: null };
      streams.push(s);
      await connect(s, args.url, args.origin, 0, null);
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.count, args.concurrency ?? 100) }, worker));
  return { open: streams.filter((s) => s.req).length };
}

function closeAll(): void {
  closing = true;
  for (const s of streams) s.req?.destroy();
}

serveIpc(
  {
    open: (args: ResumingOpenArgs) => open(args),
    report: (): ResumingReport => ({ open: streams.filter((s) => s.req).length, seqs: streams.map((s) => s.seqs), drops, outages }),
    closeAll: () => void closeAll(),
  },
  () => closeAll(),
);
