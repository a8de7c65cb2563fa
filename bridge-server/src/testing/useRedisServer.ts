import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { connectRedis, type ConnectRedisOptions } from '../redis/connect';
import { startRedisServer, type RedisServer, type RedisServerOptions } from './redisServer';

/** The file's redis-server, as `useRedisServer` hands it out (valid inside tests and hooks). */
export interface UsedRedisServer {
  readonly server: RedisServer;
  readonly url: string;
  /** A new ioredis connection with the bridge's settings, disconnected after the file's tests. */
  connect(o?: ConnectRedisOptions): Promise<Redis>;
  /** A key prefix no other test of the file uses (as separate deployments would have). */
  prefix(name?: string): string;
}

/**
 * One real redis-server for a test file: started before its tests, stopped (with every connection made through
 * `connect`) after them. Apart from redisServer.ts so that the bench and Playwright processes, which start servers
 * with `startRedisServer`, never load vitest.
 * @example const redis = useRedisServer(); it('…', async () => { const client = await redis.connect(); … });
 */
export function useRedisServer(options: RedisServerOptions = {}): UsedRedisServer {
  let server: RedisServer | undefined;
  const clients: Redis[] = [];
  let n = 0;
  beforeAll(async () => {
    server = await startRedisServer(options);
  });
  afterAll(async () => {
    for (const c of clients.splice(0)) c.disconnect();
    await server?.close();
  });
  const started = (): RedisServer => {
    if (!server) throw new Error('useRedisServer: the server is started in beforeAll; use it inside tests and hooks');
    return server;
  };
  return {
    get server() { return started(); },
    get url() { return started().url; },
    async connect(o) {
      const client = await connectRedis(started().url, o);
      clients.push(client);
      return client;
    },
    prefix: (name = 't') => `${name}${++n}:`,
  };
}
