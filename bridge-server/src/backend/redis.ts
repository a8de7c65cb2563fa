import type { Logger } from 'pino';
import { createRedisHub } from '../hub/redisHub';
import { createLimiter } from '../middleware/rateLimit';
import { connectRedis, redactUrl } from '../redis/connect';
import { createRedisEchoState } from '../redis/echoState';
import { createRedisLeases } from '../redis/leases';
import { createRedisStreamCaps } from '../redis/streamCaps';
import { openRedisStore } from '../store/redisStore';
import type { Backend, BackendOptions } from './types';

/** Options of `openRedisBackend`. */
export interface RedisBackendOptions extends BackendOptions {
  url: string;
  /** Key prefix (default `parley:`): bridges sharing a prefix share everything. */
  prefix?: string;
  logger: Logger;
}

/**
 * The shared backend of several bridges (`REDIS_URL`): two connections (commands, and one subscribed to the events
 * channel), the Redis store, hub, echo state, leases and rate limiters on them. Nothing another instance needs is
 * kept in this process. Connection losses are logged once per outage; requests meanwhile get 503 `unavailable`.
 * @example const backend = await openRedisBackend({ url: 'redis://127.0.0.1:6379/0', logger, onListenerError });
 */
export async function openRedisBackend(o: RedisBackendOptions): Promise<Backend> {
  const prefix = o.prefix ?? 'parley:';
  const client = await connectRedis(o.url);
  let subscriber;
  try {
    subscriber = await connectRedis(o.url, { subscriber: true });
  } catch (err) {
    client.disconnect();
    throw err;
  }
  let down = false;
  client.on('error', (err: Error) => {
    if (!down) o.logger.error({ err: err.message, redis: redactUrl(o.url) }, 'Redis unavailable; answering 503 until it returns');
    down = true;
  });
  client.on('ready', () => {
    if (down) o.logger.info({ redis: redactUrl(o.url) }, 'Redis is back');
    down = false;
  });
  const store = openRedisStore({ client, prefix });
  const hub = createRedisHub({ client, subscriber, prefix, log: store, onListenerError: o.onListenerError });
  const leases = createRedisLeases({ client, prefix });
  const caps: { close(): void }[] = [];
  return {
    store,
    hub,
    echo: createRedisEchoState({ client, prefix }),
    leases,
    limiter: (l) => createLimiter({ ...l, redis: { client, keyPrefix: `${prefix}rl:${l.name}` } }),
    streamCaps(limits) {
      const c = createRedisStreamCaps({ client, prefix, limits });
      caps.push(c);
      return c;
    },
    async close() {
      for (const c of caps) c.close();
      await hub.close();
      await leases.release();
      await store.close();
      await Promise.allSettled([client.quit(), subscriber.quit()]);
      client.disconnect();
      subscriber.disconnect();
    },
  };
}
