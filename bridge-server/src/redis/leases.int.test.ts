import type { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { useRedisServer } from '../testing/useRedisServer';
import { createRedisLeases } from './leases';

const redis = useRedisServer();
let client: Redis;
beforeAll(async () => {
  client = await redis.connect();
});

describe('createRedisLeases', () => {
  it('gives a lease to one instance at a time, renews it for its holder, and hands it over on release or expiry', async () => {
    const a = createRedisLeases({ client, prefix: 'l1:' });
    const b = createRedisLeases({ client, prefix: 'l1:' });
    expect(await a.hold('reconcile', 200)).toBe(true);
    expect(await b.hold('reconcile', 200)).toBe(false);
    expect(await a.hold('reconcile', 200)).toBe(true); // renewed
    await a.release();
    expect(await b.hold('reconcile', 150)).toBe(true);
    expect(await a.hold('reconcile', 150)).toBe(false);
    // b stops renewing (a crash): the lease expires and a takes it over
    await new Promise((r) => setTimeout(r, 200));
    expect(await a.hold('reconcile', 150)).toBe(true);
    expect(await b.hold('retention', 150)).toBe(true); // leases are per name
  });

  it('runs lock holders one after the other across instances', async () => {
    const a = createRedisLeases({ client, prefix: 'l2:' });
    const b = createRedisLeases({ client, prefix: 'l2:' });
    const order: string[] = [];
    const work = (name: string) => async () => {
      order.push(`${name} in`);
      await new Promise((r) => setTimeout(r, 100));
      order.push(`${name} out`);
      return name;
    };
    expect(await Promise.all([a.withLock('channel', work('a')), b.withLock('channel', work('b'))])).toEqual(['a', 'b']);
    expect([order[0]?.endsWith('in'), order[1]?.endsWith('out'), order[2]?.endsWith('in')]).toEqual([true, true, true]);
    expect(order[0]!.split(' ')[0]).toBe(order[1]!.split(' ')[0]);
  });

  it('refuses the lease while Redis is down instead of throwing', async () => {
    const lone = await redis.connect();
    const leases = createRedisLeases({ client: lone, prefix: 'l3:' });
    lone.disconnect();
    expect(await leases.hold('reconcile', 1_000)).toBe(false);
  });
});
