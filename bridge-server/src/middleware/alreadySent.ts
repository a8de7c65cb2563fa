/**
 * True for the marker response a handler returns after writing to the Node response itself (the SSE route).
 * Middleware must not set headers on it: hono would copy it into a new Response and @hono/node-server would
 * then try to write headers a second time.
 */
export function isAlreadySent(res: Response): boolean {
  return res.headers.get('x-hono-already-sent') === 'true';
}
