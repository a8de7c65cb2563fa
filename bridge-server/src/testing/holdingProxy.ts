import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A proxy that can hold matching requests for a while before forwarding them (an Ada call still in flight). */
export interface HoldingProxy {
  url: string;
  /** Holds the next request matching `match` for `ms` before forwarding it; resolves when it arrives. */
  holdNext(match: (method: string, path: string) => boolean, ms: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts an HTTP proxy to `target` on a free port; every request is forwarded as is, some held first.
 * @example const proxy = await startHoldingProxy(sim.url); const arrived = proxy.holdNext((m, p) => m === 'POST', 500);
 */
export async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  let rule: { match: (method: string, path: string) => boolean; ms: number; arrived: () => void } | null = null;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const r = rule;
        if (r && r.match(req.method ?? '', req.url ?? '')) {
          rule = null;
          r.arrived();
          await new Promise((done) => setTimeout(done, r.ms));
        }
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'content-length')) as Record<string, string>;
        const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
        const upstream = await fetch(`${target}${req.url ?? '/'}`, { method: req.method, headers, body });
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      })().catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    holdNext: (match, ms) => new Promise<void>((arrived) => { rule = { match, ms, arrived }; }),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
