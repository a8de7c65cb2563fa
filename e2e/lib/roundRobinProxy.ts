/**
 * A small round-robin HTTP proxy for tests and benches, standing in for the nginx of deploy/nginx.conf in front of
 * several bridges: plain node:http, no stickiness (request n goes to upstream n mod N, whoever sends it), responses
 * streamed through as they arrive (server-sent events are never buffered), `X-Forwarded-For` appended, and an
 * upstream that is down tried past, as nginx's `proxy_next_upstream error http_502 http_503` does.
 */
import http from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Options of {@link startRoundRobinProxy}. */
export interface RoundRobinProxyOptions {
  /** Base URLs of the upstreams, e.g. `http://127.0.0.1:41234`; requests go to them in turn. */
  upstreams: string[];
  /** Listen address; default 127.0.0.1 and a free port. */
  host?: string;
  port?: number;
}

/** A running proxy. */
export interface RoundRobinProxy {
  url: string;
  /** How many requests each upstream answered (in `upstreams` order), retries past a dead one not counted. */
  served(): number[];
  /** Stops listening and drops every open connection, streams included. */
  close(): Promise<void>;
}

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not forwarded.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate']);
// nginx passes a non-idempotent request (POST, PATCH) to the next upstream only when it could not be sent at all.
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
// Errors that prove the upstream never got the request: nothing listens there (instance dead), or no route to it.
const NOT_SENT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);
// proxy_next_upstream http_502 http_503: a draining instance answers 503.
const TRY_NEXT_STATUS = new Set([502, 503]);

function forwardHeaders(req: IncomingMessage, body: Buffer): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  const client = req.socket.remoteAddress ?? '';
  const before = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = before ? `${String(before)}, ${client}` : client;
  headers['x-forwarded-proto'] ??= 'http';
  // The body was read whole (as nginx buffers request bodies), so it can be sent again to the next upstream.
  if (body.length > 0 || req.headers['content-length'] !== undefined) headers['content-length'] = String(body.length);
  return headers;
}

function answerBadGateway(res: ServerResponse, why: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(502, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: 'bad_gateway', message: `round-robin proxy: ${why}` } }));
}

/**
 * Starts the proxy on a free port.
 * @example
 * const proxy = await startRoundRobinProxy({ upstreams: [bridgeA.url, bridgeB.url] });
 * // point widgets and webhooks at proxy.url; proxy.served() → [12, 11]
 * await proxy.close();
 */
export async function startRoundRobinProxy(options: RoundRobinProxyOptions): Promise<RoundRobinProxy> {
  if (options.upstreams.length === 0) throw new Error('round-robin proxy: no upstreams');
  const upstreams = options.upstreams.map((u) => new URL(u));
  // Keep-alive to the upstreams, as deploy/nginx.conf does (`keepalive 32`).
  const agents = upstreams.map(() => new http.Agent({ keepAlive: true }));
  const served = upstreams.map(() => 0);
  let turn = 0;

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, first: number, tried: number): void => {
    const index = (first + tried) % upstreams.length;
    const target = upstreams[index] as URL;
    const method = req.method ?? 'GET';
    const canTryNext = tried + 1 < upstreams.length;
    let answered = false;
    const up = http.request({
      protocol: target.protocol, hostname: target.hostname, port: target.port, method, path: req.url,
      headers: forwardHeaders(req, body), agent: agents[index],
    });
    up.setNoDelay(true);
    up.on('response', (upRes) => {
      answered = true;
      const status = upRes.statusCode ?? 502;
      if (TRY_NEXT_STATUS.has(status) && IDEMPOTENT.has(method) && canTryNext) {
        upRes.resume();
        forward(req, res, body, first, tried + 1);
        return;
      }
      served[index] = (served[index] ?? 0) + 1;
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(upRes.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
      }
      res.writeHead(status, upRes.statusMessage, headers);
      // Headers now, not with the first chunk: an SSE stream's client sees it open before any event.
      res.flushHeaders();
      upRes.pipe(res); // each chunk written as it comes: no buffering, so SSE events pass at once
      // The upstream died mid-response (SIGKILL): end the client's connection too, so an EventSource reconnects.
      upRes.on('error', () => res.destroy());
      upRes.on('close', () => {
        if (!upRes.complete) res.destroy();
      });
    });
    up.on('error', (err: NodeJS.ErrnoException) => {
      if (answered || res.destroyed) {
        res.destroy();
        return;
      }
      // A reset on a reused keep-alive socket means the upstream closed it before reading this request (Node's
      // documented retry case, `request.reusedSocket`); a refused connect means it never got it.
      const notSent = NOT_SENT.has(err.code ?? '') || (up.reusedSocket && err.code === 'ECONNRESET');
      if (canTryNext && (notSent || IDEMPOTENT.has(method))) forward(req, res, body, first, tried + 1);
      else answerBadGateway(res, `${target.host} failed: ${err.code ?? err.message}`);
    });
    res.on('close', () => {
      if (!res.writableFinished) up.destroy(); // the client went away: so does its upstream request (a stream's)
    });
    up.end(body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const first = turn;
      turn = (turn + 1) % upstreams.length;
      forward(req, res, Buffer.concat(chunks), first, 0);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    served: () => [...served],
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const agent of agents) agent.destroy();
      await closed;
    },
  };
}
