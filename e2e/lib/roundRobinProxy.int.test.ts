import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startRoundRobinProxy } from './roundRobinProxy';
import type { RoundRobinProxy } from './roundRobinProxy';

interface Upstream {
  url: string;
  /** What each request looked like when it arrived. */
  seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[];
  server: http.Server;
  close(): Promise<void>;
}

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const part of open.splice(0).reverse()) await part.close();
});

/** A real upstream on a free port that names itself in every answer, unless `handle` answers instead. */
async function upstream(name: string, handle?: (req: IncomingMessage, res: ServerResponse) => void): Promise<Upstream> {
  const seen: Upstream['seen'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (handle) handle(req, res);
      else res.end(name);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const u: Upstream = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    server,
    close: () => new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
  };
  open.push(u);
  return u;
}

/** A URL where nothing listens (a killed instance): a port that was free a moment ago. */
async function deadUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

async function proxyTo(upstreams: string[]): Promise<RoundRobinProxy> {
  const proxy = await startRoundRobinProxy({ upstreams });
  open.push(proxy);
  return proxy;
}

describe('round-robin proxy', () => {
  it('sends requests to the upstreams in turn, whoever sends them (no stickiness)', async () => {
    const [a, b, c] = await Promise.all([upstream('a'), upstream('b'), upstream('c')]);
    const proxy = await proxyTo([a!.url, b!.url, c!.url]);
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      // The same client and the same cookie every time: a sticky balancer would pin them to one upstream.
      const res = await fetch(`${proxy.url}/v1/conversation`, { headers: { cookie: 'sid=1', authorization: 'Bearer t' } });
      answers.push(await res.text());
    }
    expect(answers).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect(proxy.served()).toEqual([2, 2, 2]);
  });

  it('passes method, path, headers and body through, and appends the client to X-Forwarded-For', async () => {
    const a = await upstream('a');
    const proxy = await proxyTo([a.url]);
    await fetch(`${proxy.url}/webhooks/ada?x=1`, { method: 'POST', headers: { 'svix-id': 'msg_1', 'content-type': 'application/json' }, body: '{"n":1}' });
    await fetch(`${proxy.url}/healthz`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(a.seen[0]).toMatchObject({ method: 'POST', url: '/webhooks/ada?x=1', body: '{"n":1}' });
    expect(a.seen[0]?.headers).toMatchObject({ 'svix-id': 'msg_1', 'content-type': 'application/json', 'content-length': '7', 'x-forwarded-for': '127.0.0.1' });
    expect(a.seen[1]?.headers['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
  });

  it('streams server-sent events through as they are written, before the response ends', async () => {
    let writeNext: (() => void) | null = null;
    const a = await upstream('a', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('id: 1\ndata: first\n\n');
      writeNext = () => res.write('id: 2\ndata: second\n\n');
    });
    const proxy = await proxyTo([a.url]);
    const res = await fetch(`${proxy.url}/v1/events`);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    // The upstream holds the response open: each event must come through on its own.
    expect((await reader.read()).value).toBe('id: 1\ndata: first\n\n');
    (writeNext as unknown as () => void)();
    expect((await reader.read()).value).toBe('id: 2\ndata: second\n\n');
    await reader.cancel();
  });

  it('tries the next upstream when one refuses the connection, for posts too', async () => {
    const live = await upstream('live');
    const proxy = await proxyTo([await deadUrl(), live.url]);
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${proxy.url}/webhooks/ada`, { method: 'POST', body: `n=${i}` });
      expect(await res.text()).toBe('live');
    }
    expect(live.seen.map((s) => s.body)).toEqual(['n=0', 'n=1', 'n=2', 'n=3']);
    expect(proxy.served()).toEqual([0, 4]);
  });

  it('answers 502 with a clear error when every upstream is down', async () => {
    const proxy = await proxyTo([await deadUrl(), await deadUrl()]);
    const res = await fetch(`${proxy.url}/v1/sessions`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_gateway');
  });

  it('passes a stream to the next upstream when one answers 503 (draining), but not a post', async () => {
    const draining = await upstream('draining', (_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"unavailable"}}');
    });
    const live = await upstream('live');
    const proxy = await proxyTo([draining.url, live.url]);
    const post = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', body: '{}' }); // turn 1: draining
    expect(post.status).toBe(503);
    await fetch(`${proxy.url}/healthz`); // turn 2: live, so turn 3 starts at the draining one again
    expect(await (await fetch(`${proxy.url}/v1/events`)).text()).toBe('live');
    expect(draining.seen.map((s) => s.url)).toEqual(['/v1/messages', '/v1/events']);
    expect(live.seen.filter((s) => s.method === 'POST')).toEqual([]);
  });

  it('ends the client stream when its upstream dies mid-stream, so the client reconnects', async () => {
    const a = await upstream('a', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: hello\n\n');
    });
    const proxy = await proxyTo([a.url]);
    const res = await fetch(`${proxy.url}/v1/events`);
    const reader = res.body!.getReader();
    await reader.read();
    a.server.closeAllConnections(); // as a SIGKILL would: the upstream's sockets close mid-response
    await expect(reader.read()).rejects.toThrow();
  });

  it('closes the upstream request when the client goes away', async () => {
    let upstreamClosed: () => void = () => undefined;
    const closed = new Promise<void>((r) => (upstreamClosed = r));
    const a = await upstream('a', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': open\n\n');
      res.on('close', () => upstreamClosed());
    });
    const proxy = await proxyTo([a.url]);
    const controller = new AbortController();
    const res = await fetch(`${proxy.url}/v1/events`, { signal: controller.signal });
    await res.body!.getReader().read();
    controller.abort();
    await closed; // times out (and fails) if the proxy kept the upstream stream open
    expect(a.seen).toHaveLength(1);
  });
});
