import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { connectRedis } from '../redis/connect';
import { startRedisServer, type RedisServer } from '../testing/redisServer';
import { openRedisStore } from './redisStore';
import { storeContract } from './storeContract';

let server: RedisServer;
let client: Redis;
let n = 0;
beforeAll(async () => {
  server = await startRedisServer();
  client = await connectRedis(server.url);
});
afterAll(async () => {
  client.disconnect();
  await server.close();
});

// One real redis-server for the file; each test gets a key prefix of its own, as separate deployments would.
storeContract('redis', async () => {
  const prefix = `t${++n}:`;
  return {
    store: openRedisStore({ client, prefix }),
    reopen: async () => openRedisStore({ client, prefix }),
    async dispose() {
      const keys = await client.keys(`${prefix}*`);
      if (keys.length > 0) await client.del(...keys);
    },
  };
});
