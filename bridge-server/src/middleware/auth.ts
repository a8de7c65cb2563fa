import type { MiddlewareHandler } from 'hono';
import { authenticate } from '../chat/sessions';
import { BridgeError } from '../errors';
import type { SessionRecord, Store } from '../store/types';
import type { BridgeEnv } from './types';

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,128})$/;

/**
 * The session of an `Authorization: Bearer <token>` header, bound to `origin` ('' when the request had none).
 * Shared by `requireSession` and the node:http SSE path.
 * @throws BridgeError `unauthorized`, `session_unknown` or `origin_not_allowed`
 */
export async function sessionOfAuthorization(store: Store, header: string | undefined, origin: string): Promise<SessionRecord> {
  const match = BEARER.exec(header ?? '');
  if (!match?.[1]) throw new BridgeError('unauthorized', 'Missing or malformed session token (Authorization: Bearer <token>).');
  return authenticate(store, match[1], origin);
}

/**
 * Requires `Authorization: Bearer <token>` and loads the session (bound to the calling Origin).
 * @example app.use('/v1/conversation', requireSession({ store }))
 */
export function requireSession(options: { store: Store }): MiddlewareHandler<BridgeEnv> {
  return async function requireSessionMiddleware(c, next) {
    c.set('session', await sessionOfAuthorization(options.store, c.req.header('authorization'), c.get('origin')));
    await next();
  };
}
