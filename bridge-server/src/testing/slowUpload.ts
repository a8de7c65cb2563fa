import { request } from 'node:http';
import { TEST_ORIGIN } from './harness';

/** The smallest PNG header the type sniffer accepts. */
export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

/**
 * Posts a file to `POST /v1/attachments` of `bridgeUrl` the way a weak uplink does: PNG at once, then `pieces` chunks
 * of 256 B, `everyMs` apart, with its Content-Length declared. `stall` leaves the last declared byte unsent, so the
 * body never finishes. Resolves with the status (-1 when the bridge closed the connection under the writes) and
 * how long the answer took.
 * @example const { status } = await slowUpload(stack.bridge.url, token, 'file-1', { pieces: 5, everyMs: 500 });
 */
export function slowUpload(
  bridgeUrl: string, token: string, clientId: string, o: { pieces: number; everyMs: number; stall?: boolean },
): Promise<{ status: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(new URL('/v1/attachments', bridgeUrl), {
      method: 'POST',
      headers: {
        origin: TEST_ORIGIN, authorization: `Bearer ${token}`, 'content-type': 'image/png', 'x-parley-client-id': clientId,
        'content-length': String(PNG.length + o.pieces * 256 + (o.stall ? 1 : 0)),
      },
    }, (res) => (res.resume(), resolve({ status: res.statusCode ?? 0, ms: performance.now() - started })));
    // A connection the bridge closes with its 408 may reset under the last writes.
    req.on('error', (e) => (o.stall ? resolve({ status: -1, ms: performance.now() - started }) : reject(e)));
    req.write(PNG);
    let sent = 0;
    const timer = setInterval(() => {
      req.write(new Uint8Array(256));
      if (++sent < o.pieces) return;
      clearInterval(timer);
      if (!o.stall) req.end();
    }, o.everyMs);
  });
}
