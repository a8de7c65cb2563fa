import { afterEach, describe, expect, it } from 'vitest';
import { useRedisServer } from '../testing/useRedisServer';
import { createRedisStreamCaps } from './streamCaps';

const redis = useRedisServer();
const opened: { close(): void }[] = [];
afterEach(() => { for (const c of opened.splice(0)) c.close(); });

/** One bridge instance's caps on the shared Redis (its own connection, as each instance has). */
async function instance(prefix: string, times: { aliveTtlMs?: number; ttlMs?: number } = {}, limits = { streamsPerSession: 2, streamsPerIp: 3 }) {
  const caps = createRedisStreamCaps({ client: await redis.connect(), prefix, limits, ...times });
  opened.push(caps);
  return caps;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createRedisStreamCaps', () => {
  it('counts the streams of every instance against one cap per session and per IP', async () => {
    const p = redis.prefix();
    const [a, b] = await Promise.all([instance(p), instance(p)]);
    await a.acquire('s1', '10.0.0.1');
    const second = await b.acquire('s1', '10.0.0.1');
    await expect(a.acquire('s1', '10.0.0.1')).rejects.toMatchObject({ code: 'rate_limited', status: 429, message: expect.stringMatching(/this visitor \(2\)/) });
    await expect(b.acquire('s1', '10.0.0.1')).rejects.toMatchObject({ code: 'rate_limited' });
    await b.acquire('s2', '10.0.0.1');
    await expect(a.acquire('s3', '10.0.0.1')).rejects.toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/this address \(3\)/) });
    expect(await a.acquire('s3', '10.0.0.2')).toBeTypeOf('function'); // another IP has its own count

    second(); // a closed stream gives its slot back, to whichever instance asks next
    await expect.poll(() => a.acquire('s1', '10.0.0.2').then(() => 'taken', (e: Error) => e.message)).toBe('taken');
  });

  it('lets two instances racing for the last slot take it once', async () => {
    const p = redis.prefix();
    const all = await Promise.all(Array.from({ length: 4 }, () => instance(p, {}, { streamsPerSession: 3, streamsPerIp: 100 })));
    const tries = await Promise.allSettled(all.flatMap((c) => [c.acquire('s', 'ip'), c.acquire('s', 'ip')]));
    expect(tries.filter((t) => t.status === 'fulfilled')).toHaveLength(3);
  });

  it('stops counting the streams of an instance that died without closing them, and keeps counting a live one', async () => {
    const p = redis.prefix();
    const aliveTtlMs = 300;
    const [live, dying] = await Promise.all([instance(p, { aliveTtlMs }), instance(p, { aliveTtlMs })]);
    await live.acquire('s1', 'ip');
    await dying.acquire('s1', 'ip');
    await expect(live.acquire('s1', 'ip')).rejects.toMatchObject({ code: 'rate_limited' });
    dying.close(); // what SIGKILL leaves: its members in Redis, no release, no heartbeat
    await sleep(aliveTtlMs * 3);
    // The dead instance's stream no longer counts; the live one's still does, so exactly one slot is free.
    await live.acquire('s1', 'ip');
    await expect(live.acquire('s1', 'ip')).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('keeps counting the streams a live instance holds past their expiry, by refreshing them', async () => {
    const p = redis.prefix();
    const caps = await instance(p, { ttlMs: 300 });
    await caps.acquire('s1', 'ip');
    await caps.acquire('s1', 'ip');
    await sleep(900);
    await expect(caps.acquire('s1', 'ip')).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('answers 503 unavailable, not a hang, while Redis is down', async () => {
    const p = redis.prefix();
    const client = await redis.connect();
    const caps = createRedisStreamCaps({ client, prefix: p, limits: { streamsPerSession: 2, streamsPerIp: 3 } });
    opened.push(caps);
    client.disconnect();
    await expect(caps.acquire('s1', 'ip')).rejects.toMatchObject({ code: 'unavailable', status: 503 });
  });
});
