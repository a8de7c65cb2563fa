import { createRequire } from 'node:module';
import type { Context, MiddlewareHandler } from 'hono';
import type * as Flexible from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { BridgeError } from '../errors';
import { unavailable } from '../redis/unavailable';
import type { BridgeEnv } from './types';

// The package's index loads every backend it has (Redis, Mongo, Postgres, Drizzle...: ≈ 8 MB of the bridge's RSS);
// the two classes the in-memory limiter needs are files of their own, typed by the package's own declarations.
const require = createRequire(import.meta.url);
const RateLimiterMemory = require('rate-limiter-flexible/lib/RateLimiterMemory.js') as typeof Flexible.RateLimiterMemory;
const RateLimiterRes = require('rate-limiter-flexible/lib/RateLimiterRes.js') as typeof Flexible.RateLimiterRes;

/** A fixed-window budget per key, shared by the hono middleware and the node:http fast path (one count per IP). */
export interface Limiter {
  /** Spends one point of `key`; 0 when allowed, else the seconds until the window frees one. */
  take(key: string): Promise<number>;
  /** The 429 error for `seconds` of wait. */
  error(seconds: number): BridgeError;
}

/** Counters in Redis, shared by every instance (several bridges): the client and a key prefix of this limiter's own. */
export interface LimiterRedis {
  client: Redis;
  keyPrefix: string;
}

/**
 * A limiter of `points` per `windowSeconds` per key (rate-limiter-flexible): in memory, or in Redis when `redis` is
 * given (RateLimiterRedis, loaded only then), where a Redis failure answers 503 `unavailable`, at once.
 * @example const ip = createLimiter({ points: 300, windowSeconds: 60, what: 'requests from this address' });
 */
export function createLimiter(options: { points: number; windowSeconds: number; what: string; redis?: LimiterRedis }): Limiter {
  const budget = { points: options.points, duration: options.windowSeconds };
  const limiter = options.redis
    ? new (require('rate-limiter-flexible/lib/RateLimiterRedis.js') as typeof Flexible.RateLimiterRedis)({
      ...budget, storeClient: options.redis.client, keyPrefix: options.redis.keyPrefix, rejectIfRedisNotReady: true,
    })
    : new RateLimiterMemory(budget);
  return {
    async take(key) {
      try {
        await limiter.consume(key);
        return 0;
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw unavailable(err);
        return Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      }
    },
    error: (seconds) => new BridgeError('rate_limited', `Too many ${options.what}; try again in ${seconds} s.`),
  };
}

/** Options of `rateLimit`: the key to count by, and either a budget for a new limiter or a shared limiter. */
export type RateLimitOptions = {
  /** The key to count by (IP, session id...). */
  key: (c: Context<BridgeEnv>) => string;
} & (
  | { /** Requests allowed per window per key. */ points: number; windowSeconds: number; what: string }
  | { /** Count against this limiter (shared with the node:http SSE path). */ limiter: Limiter }
);

/**
 * Fixed-window rate limit in memory (rate-limiter-flexible); over the limit → 429 `rate_limited` with
 * `Retry-After`.
 * @example app.post('/v1/messages', rateLimit({ points: 30, windowSeconds: 60, key: (c) => c.get('session').id, what: 'messages' }))
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<BridgeEnv> {
  const limiter = 'limiter' in options ? options.limiter : createLimiter(options);
  return async function rateLimitMiddleware(c, next) {
    const seconds = await limiter.take(options.key(c));
    if (seconds > 0) {
      c.header('Retry-After', String(seconds));
      throw limiter.error(seconds);
    }
    await next();
  };
}
