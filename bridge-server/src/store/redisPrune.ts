import type { Redis } from 'ioredis';
import type { RedisKeys } from './redisKeys';
import type { redisScripts } from './redisStore';
import type { PruneCutoffs, PruneResult } from './types';

/** Sessions handled per round trip while pruning. */
const CHUNK = 200;

/**
 * `Store.prune` on Redis, with the SQLite store's rules: webhook ids received before their cutoff (one ZSET range),
 * sessions idle since before theirs with everything they hold (a script per session, from the `seen` index), and
 * the events of conversations ended before the event cutoff, or tied to none and older than it (a script per
 * remaining session, reading its stream). Runs in chunks so no single script holds Redis for long; the bridge runs
 * it on one instance at a time (retention lease).
 */
export async function pruneRedis(
  d: { client: Redis; keys: RedisKeys; scripts: ReturnType<typeof redisScripts> },
  c: PruneCutoffs,
): Promise<PruneResult> {
  const { client, keys: k, scripts } = d;
  const result: PruneResult = { webhookIds: 0, sessions: 0, events: 0 };
  result.webhookIds = await client.zremrangebyscore(k.webhooks, '-inf', `(${c.webhookIdsBefore}`);

  for (;;) {
    const idle = await client.zrangebyscore(k.seen, '-inf', `(${c.sessionsIdleBefore}`, 'LIMIT', 0, CHUNK);
    if (idle.length === 0) break;
    const p = client.pipeline();
    for (const id of idle) scripts.queue(p, 'parleyPruneSession', k.prefix, id);
    for (const [err, events] of (await p.exec()) ?? []) {
      if (err) throw err;
      result.sessions++;
      result.events += Number(events);
    }
  }

  const endedBefore = new Date(c.endedEventsBefore).toISOString();
  for (let start = 0; ; start += CHUNK) {
    const ids = await client.zrange(k.seen, String(start), String(start + CHUNK - 1));
    if (ids.length === 0) break;
    const p = client.pipeline();
    for (const id of ids) scripts.queue(p, 'parleyPruneEvents', k.prefix, id, endedBefore, String(c.endedEventsBefore));
    for (const [err, events] of (await p.exec()) ?? []) {
      if (err) throw err;
      result.events += Number(events);
    }
  }
  return result;
}
