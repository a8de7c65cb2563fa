/**
 * Child process: the ceiling for webhook ingest on this machine. A bare `node:http` server that does only what the
 * bridge cannot skip: read the raw body, verify the Svix signature (same `svix` library), write the body to the open
 * SSE sockets, answer 200. Secret from BENCH_WEBHOOK_SECRET. Commands: info.
 */
import http from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'svix/dist/webhook.js'; // as the bridge imports it (receiveWebhook.ts)
import { serveIpc } from './ipc';

const MAX_BYTES = 256 * 1024;
const verifier = new Webhook(process.env.BENCH_WEBHOOK_SECRET ?? '');
const streams = new Set<ServerResponse>();
let nextId = 0;

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/events') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write('retry: 2000\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
    return;
  }
  if (req.method !== 'POST' || req.url !== '/webhooks/ada') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_BYTES) req.destroy();
    else chunks.push(c);
  });
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const h = (name: string): string => String(req.headers[name] ?? '');
    try {
      verifier.verify(body, { 'svix-id': h('svix-id'), 'svix-timestamp': h('svix-timestamp'), 'svix-signature': h('svix-signature') });
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_signature"}');
      return;
    }
    const frame = `id: ${++nextId}\nevent: message\ndata: ${body}\n\n`;
    for (const s of streams) s.write(frame);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});

const listening = new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

serveIpc(
  { info: async () => ({ url: `http://127.0.0.1:${await listening}`, pid: process.pid }) },
  () => {
    server.closeAllConnections();
    server.close();
  },
);
