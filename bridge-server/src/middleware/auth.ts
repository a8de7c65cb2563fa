import type { MiddlewareHandler } from 'hono';
import { authenticate } from '../chat/sessions';
import { BridgeError } from '../errors';
import type { Store } from '../store/types';
import type { BridgeEnv } from './types';

/**
 * Requires `Authorization: Bearer <token>` and loads the session (bound to the calling Origin).
 * @example app.use('/v1/conversation', requireSession({ store }))
 */
export function requireSession(options: { store: Store }): MiddlewareHandler<BridgeEnv> {
  return async function requireSessionMiddleware(c, next) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]{20,128})$/.exec(header);
    if (!match?.[1]) throw new BridgeError('unauthorized', 'Missing or malformed session token (Authorization: Bearer <token>).');
    c.set('session', await authenticate(options.store, match[1], c.get('origin')));
    await next();
  };
}
