import type { Redis } from 'ioredis';
import { beforeAll } from 'vitest';
import { useRedisServer } from '../testing/useRedisServer';
import { openRedisStore } from './redisStore';
import { storeContract } from './storeContract';

const redis = useRedisServer();
let client: Redis;
beforeAll(async () => {
  client = await redis.connect();
});

// One real redis-server for the file; each test gets a key prefix of its own, as separate deployments would.
storeContract('redis', async () => {
  const prefix = redis.prefix();
  return {
    store: openRedisStore({ client, prefix }),
    reopen: async () => openRedisStore({ client, prefix }),
    async dispose() {
      const keys = await client.keys(`${prefix}*`);
      if (keys.length > 0) await client.del(...keys);
    },
  };
});
