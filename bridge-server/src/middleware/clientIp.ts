/**
 * The caller's IP for rate limits: the first X-Forwarded-For hop behind a trusted proxy, else the socket's peer.
 * Shared by the hono app and the node:http SSE path so both count one budget per address.
 * @example clientIpOf(req.headers['x-forwarded-for'], req.socket.remoteAddress, trustProxy)
 */
export function clientIpOf(forwarded: string | undefined, remote: string | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    const first = forwarded?.split(',')[0]?.trim();
    if (first) return first;
  }
  return remote ?? 'unknown';
}
