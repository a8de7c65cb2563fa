import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { streamCapError, type Limits, type StreamCaps } from '../middleware/limits';
import { unavailable } from './unavailable';

// Scores are expiry times on Redis's own clock (TIME), so the instances' clocks never have to agree.
const NOW = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;
// KEYS: session set, IP set. ARGV: member, ttl ms, session cap, IP cap. Returns 0 (taken), 1 (session full), 2 (IP full).
const ACQUIRE = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 1 end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then return 2 end
local ttl = tonumber(ARGV[2])
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], now + ttl, ARGV[1])
  redis.call('PEXPIRE', KEYS[i], ttl)
end
return 0`;
// KEYS: pairs (session set, IP set) per stream. ARGV: ttl ms, then one member per pair. Pushes each expiry forward.
const REFRESH = `${NOW}
local ttl = tonumber(ARGV[1])
for i = 2, #ARGV do
  for j = 2 * i - 3, 2 * i - 2 do
    redis.call('ZADD', KEYS[j], now + ttl, ARGV[i])
    redis.call('PEXPIRE', KEYS[j], ttl)
  end
end
return 0`;

type Script = (...args: (string | number)[]) => Promise<unknown>;

/** Options of `createRedisStreamCaps`. */
export interface RedisStreamCapsOptions {
  client: Redis;
  prefix?: string;
  limits: Pick<Limits, 'streamsPerSession' | 'streamsPerIp'>;
  /** A counted stream that is not refreshed for this long stops counting (its instance died); default 10 s. */
  ttlMs?: number;
  /** How often this instance refreshes the streams it holds; default a third of `ttlMs`. */
  refreshMs?: number;
}

/** Streams refreshed per script call: about 1,000 ZADDs, well under a millisecond of Redis time. */
const CHUNK = 500;

/**
 * The open-stream caps counted across every instance: one sorted set per session and per client IP whose members
 * are the streams held anywhere, scored by when each stops counting. The instance holding a stream pushes that
 * time forward every `refreshMs`, and every `acquire` first drops the members past it, so the streams of an
 * instance that was SIGKILLed (no `close` ran) stop counting within `ttlMs` with nothing else to clean up.
 * Counting and taking a slot is one script: two instances cannot both take the last one.
 * @example const caps = createRedisStreamCaps({ client, limits }); const release = await caps.acquire(session.id, ip);
 */
export function createRedisStreamCaps(o: RedisStreamCapsOptions): StreamCaps & { close(): void } {
  const p = o.prefix ?? 'parley:';
  const ttl = o.ttlMs ?? 10_000;
  const instance = randomUUID();
  let seq = 0;
  /** The streams this instance holds: member → its two keys. */
  const held = new Map<string, [string, string]>();
  o.client.defineCommand('parleyStreamAcquire', { numberOfKeys: 2, lua: ACQUIRE });
  const run = (name: string, ...args: (string | number)[]) => (o.client as unknown as Record<string, Script>)[name]!(...args);

  let refreshing = false;
  const refresh = async (): Promise<void> => {
    if (refreshing) return;
    refreshing = true;
    try {
      const all = [...held];
      for (let i = 0; i < all.length; i += CHUNK) {
        const part = all.slice(i, i + CHUNK);
        const keys = part.flatMap(([, k]) => k);
        // EVAL with a variable key count (defineCommand fixes it); Redis caches the script by its SHA.
        await o.client.eval(REFRESH, keys.length, ...keys, ttl, ...part.map(([m]) => m));
      }
    } catch {
      // Redis unreachable: the next round retries; meanwhile acquires fail with 503 anyway.
    } finally {
      refreshing = false;
    }
  };
  const timer = setInterval(() => void refresh(), o.refreshMs ?? Math.floor(ttl / 3));
  timer.unref();

  return {
    async acquire(sessionId, ip) {
      const member = `${instance}:${++seq}`;
      const keys: [string, string] = [`${p}streams:session:${sessionId}`, `${p}streams:ip:${ip}`];
      const r = await run('parleyStreamAcquire', ...keys, member, ttl, o.limits.streamsPerSession, o.limits.streamsPerIp)
        .catch((err: unknown) => { throw unavailable(err); });
      if (r === 1) throw streamCapError('session', o.limits);
      if (r === 2) throw streamCapError('ip', o.limits);
      held.set(member, keys);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        held.delete(member);
        // If this fails (Redis down), the member is no longer refreshed and expires by itself.
        void Promise.all(keys.map((k) => o.client.zrem(k, member))).catch(() => undefined);
      };
    },
    close() {
      clearInterval(timer);
    },
  };
}
