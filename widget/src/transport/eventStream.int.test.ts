import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from './api';
import { openEventStream, type EventStream } from './eventStream';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;
let server: Server;
let base = '';
let handler: Handler = () => {};
let hits: IncomingMessage[] = [];
let stream: EventStream | null = null;

beforeEach(async () => {
  hits = [];
  server = createServer((req, res) => {
    hits.push(req);
    handler(req, res, hits.length);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  stream?.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const sse = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/event-stream' });
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(ok()).toBe(true);
};

function open(extra: Partial<Parameters<typeof openEventStream>[0]> = {}) {
  const events: [string, unknown, string | null][] = [];
  const states: string[] = [];
  const errors: string[] = [];
  stream = openEventStream({
    request: createApi(base, () => 'tok').request, retryMs: 20, onEvent: (t, d, id) => events.push([t, d, id]),
    onState: (s, e) => (states.push(s), e && errors.push(e.code)), ...extra,
  });
  return { events, states, errors };
}

describe('openEventStream against a real SSE server', () => {
  it('parses events split across chunks, skips comments, and sends the token as a header', async () => {
    handler = (_req, res) => {
      sse(res);
      res.write('retry: 50\n: keep-alive\n\nid: 1\nevent: message\ndata: {"type":"mess');
      setTimeout(() => res.write('age","n":1}\r\n\r\nid: 2\nevent: handoff.ended\ndata: {"type":"handoff.ended"}\n\n'), 20);
    };
    const { events, states } = open();
    await until(() => events.length === 2);
    expect(events).toEqual([['message', { type: 'message', n: 1 }, '1'], ['handoff.ended', { type: 'handoff.ended' }, '2']]);
    expect(states).toEqual(['live']);
    expect(hits[0]?.headers.authorization).toBe('Bearer tok');
    expect(hits[0]?.url).toBe('/v1/events');
  });

  it('reconnects after a dropped stream with Last-Event-ID and shows reconnecting', async () => {
    handler = (_req, res, n) => {
      sse(res);
      if (n === 1) res.end('id: 41\nevent: message\ndata: {"type":"message"}\n\n');
      else res.write('id: 42\nevent: message\ndata: {"type":"message"}\n\n');
    };
    const { events, states } = open({ lastEventId: '40' });
    await until(() => events.length === 2);
    expect(hits[0]?.headers['last-event-id']).toBe('40');
    expect(hits[1]?.headers['last-event-id']).toBe('41');
    expect(states).toEqual(['live', 'reconnecting', 'live']);
  });

  // The backoff's sequence is checked on a deterministic clock in eventStream.test.ts.
  it('retries 5xx and honours a reconnect event\'s retryMs', async () => {
    const times: number[] = [];
    handler = (_req, res, n) => {
      times.push(Date.now());
      if (n <= 2) return void res.writeHead(503).end('{"error":{"code":"shutting_down","message":"bye"}}');
      sse(res);
      if (n === 3) res.write('event: reconnect\ndata: {"type":"reconnect","retryMs":150}\n\n');
      else res.write('id: 9\nevent: message\ndata: {"type":"message"}\n\n');
    };
    const { events } = open();
    await until(() => events.length === 1);
    expect(hits).toHaveLength(4);
    expect((times[3] ?? 0) - (times[2] ?? 0)).toBeGreaterThanOrEqual(140);
  });

  it.each([
    [401, 'application/json', '{"error":{"code":"session_unknown","message":"Unknown session"}}', 'session_unknown'],
    [404, 'application/json', '{"error":{"code":"not_found","message":"nope"}}', 'not_found'],
    [200, 'text/html', '<html>', 'bad_stream'],
    [204, 'text/event-stream', '', 'bad_stream'],
  ])('stops for good on %i %s', async (status, type, body, code) => {
    handler = (_req, res) => void res.writeHead(status, { 'content-type': type }).end(body || undefined);
    const { states, errors } = open();
    await until(() => states.includes('failed'));
    // That no retry follows later is proven on a fake clock (eventStream.test.ts: no timer is left).
    expect(errors).toEqual([code]);
    expect(hits).toHaveLength(1);
  });
});
