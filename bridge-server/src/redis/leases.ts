import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Leases } from '../chat/leases';
import { BridgeError } from '../errors';
import { unavailable } from './unavailable';

// KEYS: lease. ARGV: token, ttl ms. Renews our own lease, or takes a free one.
const HOLD = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;
// Deletes the key only while it is still ours (an expired lock may have been taken by another instance since).
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

type Script = (...args: (string | number)[]) => Promise<unknown>;
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Options of `createRedisLeases`. */
export interface RedisLeasesOptions {
  client: Redis;
  prefix?: string;
  /** A lock expires this long after it was taken if its holder never releases it (crash); default 30 s. */
  lockTtlMs?: number;
  /** How long `withLock` waits for another holder before failing; default 60 s. */
  lockWaitMs?: number;
}

/**
 * Locks and leases in Redis (SET NX PX with a random token per instance): `withLock` polls until the key is free,
 * `hold` renews the lease while it is ours. Expiry frees what a crashed instance held.
 * @example const leases = createRedisLeases({ client }); await leases.withLock('channel', () => create());
 */
export function createRedisLeases(o: RedisLeasesOptions): Leases {
  const p = o.prefix ?? 'parley:';
  const token = randomUUID();
  const held = new Set<string>();
  o.client.defineCommand('parleyLeaseHold', { numberOfKeys: 1, lua: HOLD });
  o.client.defineCommand('parleyLeaseRelease', { numberOfKeys: 1, lua: RELEASE });
  const run = (name: string, ...args: (string | number)[]) => (o.client as unknown as Record<string, Script>)[name]!(...args);
  return {
    async withLock(name, fn, ttlMs) {
      const key = `${p}lock:${name}`;
      const lockToken = randomUUID();
      const deadline = Date.now() + (o.lockWaitMs ?? 60_000);
      // Redis down: `unavailable` (503), like every store call, not an unknown error (500).
      const take = () => o.client.set(key, lockToken, 'PX', ttlMs ?? o.lockTtlMs ?? 30_000, 'NX').catch((err: unknown) => { throw unavailable(err); });
      while ((await take()) !== 'OK') {
        if (Date.now() > deadline) throw new BridgeError('unavailable', `Timed out waiting for the ${name} lock held by another instance.`);
        await delay(50);
      }
      try {
        return await fn();
      } finally {
        await run('parleyLeaseRelease', key, lockToken).catch(() => undefined);
      }
    },
    async hold(name, ttlMs) {
      const key = `${p}lease:${name}`;
      const ok = await run('parleyLeaseHold', key, token, ttlMs).then((r) => r === 1, () => false);
      if (ok) held.add(key);
      else held.delete(key);
      return ok;
    },
    async release() {
      for (const key of held) await run('parleyLeaseRelease', key, token).catch(() => undefined);
      held.clear();
    },
  };
}
