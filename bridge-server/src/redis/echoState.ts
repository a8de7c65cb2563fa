import type { Redis } from 'ioredis';
import type { EchoState } from '../chat/echoState';
import type { ChatMessage } from '../protocol/api';
import { withUnavailable } from './unavailable';

// KEYS: count, parked list. ARGV: ttl ms. A crashed instance's count expires instead of parking echoes forever.
const BEGIN = `redis.call('INCR', KEYS[1]); redis.call('PEXPIRE', KEYS[1], ARGV[1]); return 1`;
// ARGV: ttl ms, message JSON. Parks only while a post is in flight, decided in the same step as the count.
const PARK = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n <= 0 then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return 1`;
// The last post to settle takes the parked messages.
const END = `
local n = redis.call('DECR', KEYS[1])
if n > 0 then return {} end
redis.call('DEL', KEYS[1])
local parked = redis.call('LRANGE', KEYS[2], 0, -1)
redis.call('DEL', KEYS[2])
return parked`;

type Script = (...args: (string | number)[]) => Promise<unknown>;

/**
 * The echo-merge state in Redis, shared by every instance: a count per conversation with posts in flight and a
 * list of parked messages, each step one script, so parking and the last post settling cannot interleave.
 * @example const echo = createRedisEchoState({ client, prefix: 'parley:' });
 */
export function createRedisEchoState(o: { client: Redis; prefix?: string; ttlMs?: number }): EchoState {
  const p = o.prefix ?? 'parley:';
  const ttl = o.ttlMs ?? 120_000;
  o.client.defineCommand('parleyEchoBegin', { numberOfKeys: 2, lua: BEGIN });
  o.client.defineCommand('parleyEchoPark', { numberOfKeys: 2, lua: PARK });
  o.client.defineCommand('parleyEchoEnd', { numberOfKeys: 2, lua: END });
  const run = (name: string, ...args: (string | number)[]) => (o.client as unknown as Record<string, Script>)[name]!(...args);
  const keys = (id: string) => [`${p}ef:${id}`, `${p}ep:${id}`];
  return withUnavailable<EchoState>({
    async begin(id) {
      await run('parleyEchoBegin', ...keys(id), ttl);
    },
    async inFlight(id) {
      return Number((await o.client.get(`${p}ef:${id}`)) ?? 0) > 0;
    },
    async park(id, message) {
      return (await run('parleyEchoPark', ...keys(id), ttl, JSON.stringify(message))) === 1;
    },
    async end(id) {
      return ((await run('parleyEchoEnd', ...keys(id))) as string[]).map((m) => JSON.parse(m) as ChatMessage);
    },
  });
}
