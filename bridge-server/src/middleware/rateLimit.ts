import type { MiddlewareHandler } from 'hono';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { BridgeError } from '../errors';
import type { BridgeEnv } from './types';
import type { Context } from 'hono';

/** Options of `rateLimit`. */
export interface RateLimitOptions {
  /** Requests allowed per window per key. */
  points: number;
  windowSeconds: number;
  /** The key to count by (IP, session id...). */
  key: (c: Context<BridgeEnv>) => string;
  what: string;
}

/**
 * Fixed-window rate limit in memory (rate-limiter-flexible); over the limit → 429 `rate_limited` with
 * `Retry-After`.
 * @example app.post('/v1/messages', rateLimit({ points: 30, windowSeconds: 60, key: (c) => c.get('session').id, what: 'messages' }))
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<BridgeEnv> {
  const limiter = new RateLimiterMemory({ points: options.points, duration: options.windowSeconds });
  return async function rateLimitMiddleware(c, next) {
    try {
      await limiter.consume(options.key(c));
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      c.header('Retry-After', String(seconds));
      throw new BridgeError('rate_limited', `Too many ${options.what}; try again in ${seconds} s.`);
    }
    await next();
  };
}
