import { createRequire } from 'node:module';
import type * as IORedis from 'ioredis';
import type { Redis, RedisOptions } from 'ioredis';

// Loaded when a Redis connection is made, not with the module: a bridge on SQLite never loads ioredis (RSS).
const require = createRequire(import.meta.url);

/** Options of `connectRedis`. */
export interface ConnectRedisOptions {
  /** A command not answered within this fails (Redis hung or unreachable mid-command); default 2,000 ms. */
  commandTimeoutMs?: number;
  /** How long start-up waits for the first connection before giving up; default 10,000 ms. */
  connectWaitMs?: number;
  /** For the subscriber connection: it must queue its SUBSCRIBE until connected and has no command timeout. */
  subscriber?: boolean;
}

/**
 * The ioredis settings of the bridge: a command never waits for a connection that is down (`enableOfflineQueue`
 * off: it fails at once and the request answers 503 `unavailable`), nor longer than `commandTimeoutMs` on one that
 * hangs; reconnection goes on in the background (capped backoff), so the instance serves again when Redis returns.
 */
export function redisOptions(o: ConnectRedisOptions = {}): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: o.subscriber === true,
    maxRetriesPerRequest: o.subscriber ? null : 0,
    ...(o.subscriber ? {} : { commandTimeout: o.commandTimeoutMs ?? 2_000 }),
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(50 * times, 500),
    // A command that hit a connection error is not resent: a write may have applied, and the caller answers 503.
    autoResendUnfulfilledCommands: false,
  };
}

/**
 * Connects to `url` and waits until the server accepts commands; throws one readable line when it cannot within
 * `connectWaitMs` (start-up then fails instead of serving without a store).
 * @example const client = await connectRedis('redis://127.0.0.1:6379/0');
 */
export async function connectRedis(url: string, o: ConnectRedisOptions = {}): Promise<Redis> {
  const { Redis: RedisClient } = require('ioredis') as typeof IORedis;
  const client = new RedisClient(url, redisOptions(o));
  // ioredis reports every failed reconnect as an 'error' event; without a listener Node would treat it as unhandled.
  let last: unknown = null;
  client.on('error', (err: unknown) => { last = err; });
  const wait = o.connectWaitMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    // connect() rejects on the first refused attempt; retries go on, so 'ready' is what says it is up.
    client.connect().catch(() => undefined);
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      timer = setTimeout(() => reject(new Error('timed out')), wait);
    });
  } catch (err) {
    client.disconnect();
    const why = last instanceof Error ? last.message : err instanceof Error ? err.message : String(err);
    throw new Error(`REDIS_URL: cannot connect to ${redactUrl(url)} (${why})`);
  } finally {
    clearTimeout(timer);
  }
  return client;
}

/** The URL without its password, for logs and errors. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured URL';
  }
}
