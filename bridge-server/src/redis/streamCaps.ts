import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { streamCapError, type Limits, type StreamCaps } from '../middleware/limits';
import { unavailable } from './unavailable';

// Scores are expiry times on Redis's own clock (TIME), so the instances' clocks never have to agree.
const NOW = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;
// KEYS: session set, IP set. ARGV: member, ttl ms, session cap, IP cap, alive-key prefix. Returns 0 (taken),
// 1 (session full), 2 (IP full). Only a set at its cap is searched for streams of instances no longer alive
// (members are `<instance>:<n>`): O(cap), and only then.
const ACQUIRE = `${NOW}
local caps = { tonumber(ARGV[3]), tonumber(ARGV[4]) }
local alive = {}
for i = 1, 2 do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  if redis.call('ZCARD', KEYS[i]) >= caps[i] then
    for _, m in ipairs(redis.call('ZRANGE', KEYS[i], 0, -1)) do
      local inst = string.match(m, '^(.-):')
      if alive[inst] == nil then alive[inst] = redis.call('EXISTS', ARGV[5] .. inst) == 1 end
      if not alive[inst] then redis.call('ZREM', KEYS[i], m) end
    end
    if redis.call('ZCARD', KEYS[i]) >= caps[i] then return i end
  end
end
local ttl = tonumber(ARGV[2])
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], now + ttl, ARGV[1])
  redis.call('PEXPIRE', KEYS[i], ttl)
end
return 0`;
// KEYS: pairs (session set, IP set) per stream. ARGV: ttl ms, then one member per pair. Pushes each expiry forward
// (and puts back a member pruned while this instance looked dead, e.g. through a long stall).
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
  /**
   * This instance says it is alive every quarter of this (one SET); once it stops (SIGKILL), a cap it filled is
   * freed of its streams this long after its last word. Default 1 s: shorter than the widget's first reconnect
   * (half the SSE `retry:` at least), so a stream that lost its instance is never refused by its own ghost.
   */
  aliveTtlMs?: number;
  /** A counted stream not refreshed for this long stops counting (a release lost while Redis was down); default 30 s. */
  ttlMs?: number;
}

/** Streams refreshed per script call: about 1,000 ZADDs, well under a millisecond of Redis time. */
const CHUNK = 500;

/**
 * The open-stream caps counted across every instance: one sorted set per session and per client IP whose members
 * are the streams held anywhere (`<instance>:<n>`), scored by when each stops counting. Each instance keeps an
 * `alive:<instance>` key with a short expiry; a cap that is full is first cleared of the streams of instances
 * whose key is gone, so the streams of a SIGKILLed instance (no `close` ran) stop counting within `aliveTtlMs`.
 * Counting and taking a slot is one script: two instances cannot both take the last one. The instance also
 * pushes its members' expiry forward every `ttlMs / 3`, so a release lost to a Redis outage frees itself too.
 * @example const caps = createRedisStreamCaps({ client, limits }); const release = await caps.acquire(session.id, ip);
 */
export function createRedisStreamCaps(o: RedisStreamCapsOptions): StreamCaps & { close(): void } {
  const p = o.prefix ?? 'parley:';
  const ttl = o.ttlMs ?? 30_000;
  const aliveTtl = o.aliveTtlMs ?? 1_000;
  const instance = randomUUID();
  const aliveKey = `${p}alive:${instance}`;
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
  // Sent before any acquire on this connection, so this instance is alive before its first stream counts.
  const beat = () => void o.client.set(aliveKey, '1', 'PX', aliveTtl).catch(() => undefined);
  beat();
  const timers = [setInterval(beat, Math.max(50, Math.floor(aliveTtl / 4))), setInterval(() => void refresh(), Math.floor(ttl / 3))];
  for (const t of timers) t.unref();

  return {
    async acquire(sessionId, ip) {
      const member = `${instance}:${++seq}`;
      const keys: [string, string] = [`${p}streamcap:session:${sessionId}`, `${p}streamcap:ip:${ip}`];
      const r = await run('parleyStreamAcquire', ...keys, member, ttl, o.limits.streamsPerSession, o.limits.streamsPerIp, `${p}alive:`)
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
      for (const t of timers) clearInterval(t);
    },
  };
}
