/**
 * Property-based fuzzing of the SSE `Last-Event-ID` parser (issue 17), through the node:http path the running bridge
 * serves `GET /v1/events` with (eventsListener.ts → openEventStream). Whatever the header says, the stream opens
 * (200, fast), replays exactly this session's events after an id the bridge issued, never another session's, and
 * every event committed once it is open reaches it. Seed and scale: see testing/fuzz.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commit } from '../chat/commit';
import { authenticate, createOrResumeSession } from '../chat/sessions';
import { createLimiter } from '../middleware/rateLimit';
import { createStreamRegistry } from '../sse/streamRegistry';
import { appendEvent } from '../testing/appendEvent';
import { createFakeContext } from '../testing/fakeContext';
import { fuzz, withinBudget } from '../testing/fuzz';
import { eventsListener } from './eventsListener';

const ORIGIN = 'https://site.test';
let env: ReturnType<typeof createFakeContext>;
let server: Server;
let url = '';
let token = '';
let sessionId = '';
/** Ids of this session's events and of another session's, interleaved as the store hands them out. */
const own: number[] = [];
const other: number[] = [];
const registry = createStreamRegistry({ keepAliveMs: 60_000 });

beforeAll(async () => {
  env = createFakeContext();
  ({ token } = await createOrResumeSession(env.store, ORIGIN, undefined));
  sessionId = (await authenticate(env.store, token, ORIGIN)).id;
  for (let i = 0; i < 30; i++) {
    if (i % 3 === 2) other.push(await appendEvent(env.store, 'someone-else', { type: 'handoff.ended', conversationId: `x${i}` }));
    else own.push(await appendEvent(env.store, sessionId, { type: 'handoff.ended', conversationId: `c${i}` }));
  }
  const onEvents = eventsListener(env.ctx, {
    registry, retryMs: 1000, isShuttingDown: () => false, allowedOrigins: [ORIGIN], trustProxy: false, logger: env.ctx.logger,
    ipLimiter: createLimiter({ points: 1_000_000, windowSeconds: 60, what: 'requests' }),
  });
  server = createServer(onEvents);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/events`;
  await streamIds(''); // warm-up, untimed: the first stream also compiles the path
});

afterAll(async () => {
  registry.closeAll(0);
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await env?.close();
});

/** Opens a stream with `lastEventId`, commits one new event once it is open, and returns the ids read up to it. */
async function streamIds(lastEventId: string): Promise<{ status: number; ids: number[]; sentinel: number }> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { origin: ORIGIN, authorization: `Bearer ${token}`, 'last-event-id': lastEventId }, signal: abort.signal });
  if (res.status !== 200 || !res.body) return { status: res.status, ids: [], sentinel: -1 };
  // The stream is open once its first bytes (the retry line) arrived; replay and live events follow.
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = (await reader.read()).value ?? '';
  const committed = await commit(env.ctx, { sessionId, events: [{ type: 'handoff.ended', conversationId: 'live' }] });
  if (committed.status !== 'applied') throw new Error(`commit: ${committed.status}`);
  const sentinel = committed.events[0]!.id;
  own.push(sentinel);
  const ids = () => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
  const deadline = setTimeout(() => abort.abort(), 800);
  try {
    while (!ids().includes(sentinel)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
  } catch {
    // aborted: the sentinel never came, which the property reports
  } finally {
    clearTimeout(deadline);
    abort.abort();
  }
  return { status: res.status, ids: ids(), sentinel };
}

/** Header values: ids the bridge issued (with the padding proxies add), ids it never issued, and anything printable. */
const header = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.nat(40), fc.constantFrom('', ' ', '  ', '\t'), fc.constantFrom('', ' ', '0')).map(([i, pad, zero]) => ({ kind: 'issued' as const, i, raw: `${pad}${zero}`, pad })) },
  fc.constantFrom('-1', '1.5', '1e3', '0x10', '+3', '\u00b2', '9'.repeat(16), '9'.repeat(15), String(Number.MAX_SAFE_INTEGER), 'NaN', 'null', '', ' ', '3,4', '3 4').map((raw) => ({ kind: 'odd' as const, raw })),
  fc.string({ maxLength: 40 }).filter((s) => /^[\t\x20-\x7e]*$/.test(s)).map((raw) => ({ kind: 'odd' as const, raw })),
  fc.nat(40).map((i) => ({ kind: 'foreign' as const, i })),
);

describe('GET /v1/events Last-Event-ID (fuzzed)', () => {
  it('opens for any header, replays exactly the session\'s events after an issued id, and delivers every later event', async () => {
    await fc.assert(
      fc.asyncProperty(header, async (h) => {
        const ownBefore = [...own];
        let sent: string;
        let expected: number[];
        if (h.kind === 'issued') {
          const after = ownBefore[h.i % ownBefore.length]!;
          sent = `${h.raw}${after}${h.pad}`;
          expected = ownBefore.filter((id) => id > after);
        } else if (h.kind === 'foreign') {
          // An id of another session resumes after that point of the id sequence: this session's later events only.
          const after = other[h.i % other.length]!;
          sent = String(after);
          expected = ownBefore.filter((id) => id > after);
        } else {
          // Not an id the bridge issued: no replay (the widget loads history first), live from here.
          sent = h.raw;
          expected = /^\s*\d{1,15}\s*$/.test(h.raw) ? ownBefore.filter((id) => id > Number(h.raw)) : [];
        }
        const { value: got } = await withinBudget(`Last-Event-ID ${JSON.stringify(sent)}`, () => streamIds(sent));
        expect(got.status).toBe(200);
        expect(got.ids, `Last-Event-ID ${JSON.stringify(sent)}`).toEqual([...expected, got.sentinel]);
        for (const id of got.ids) expect(other).not.toContain(id);
      }),
      { seed: fuzz.seed, numRuns: fuzz.runs(80) },
    );
  }, fuzz.timeout(30_000));
});
