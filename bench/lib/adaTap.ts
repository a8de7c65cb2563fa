import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { nowNs, parseMarker } from './webhookPayload';

/** A pass-through proxy in front of the Ada simulator that timestamps end-user messages carrying a bench marker. */
export interface AdaTap {
  /** Give this to the bridge as its Ada base URL. */
  url: string;
  /** Latencies (ms) from the marker's send time (in the widget-side sender) to arrival here, since the last reset. */
  latencies(): number[];
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts the tap on 127.0.0.1. It reads each request body, and for `POST …/messages` whose `content.body` is a bench
 * marker records arrival time − send time before forwarding; arrival here is when Ada would have received it.
 */
export async function startAdaTap(targetBaseUrl: string): Promise<AdaTap> {
  const target = new URL(targetBaseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  let latencies: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = nowNs();
      const body = Buffer.concat(chunks);
      if (req.method === 'POST' && req.url?.includes('/messages') && body.includes('bench:')) {
        try {
          const parsed = JSON.parse(body.toString('utf8')) as { content?: { body?: unknown } };
          const marker = typeof parsed.content?.body === 'string' ? parseMarker(parsed.content.body) : null;
          if (marker) latencies.push(Number(at - marker.sentNs) / 1e6);
        } catch {
          // Not JSON: forwarded as is; the simulator answers it.
        }
      }
      const headers = { ...req.headers, host: target.host };
      const out = http.request(
        { protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      out.on('error', (err) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`tap: ${err.message}`);
      });
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    latencies: () => [...latencies],
    reset: () => {
      latencies = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
