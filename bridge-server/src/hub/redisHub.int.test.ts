import { afterAll, describe, expect, it, vi } from 'vitest';
import type { BridgeEvent } from '../protocol/events';
import { openRedisStore } from '../store/redisStore';
import type { StoredEvent } from '../store/types';
import { appendEvent } from '../testing/appendEvent';
import { useRedisServer } from '../testing/useRedisServer';
import { hubContract } from './hubContract';
import { createRedisHub } from './redisHub';

const redis = useRedisServer();
const opened: (() => Promise<void>)[] = [];
// Registered after useRedisServer's, so it runs before the server stops (after-hooks run in reverse).
afterAll(async () => {
  for (const close of opened.splice(0)) await close();
});

/** One bridge instance's share of Redis: its connections, the store and the hub on them. */
async function instance(prefix: string, activeTtlMs?: number) {
  const client = await redis.connect();
  const subscriber = await redis.connect({ subscriber: true });
  const store = openRedisStore({ client, prefix });
  const hub = createRedisHub({ client, subscriber, prefix, log: store, activeTtlMs });
  // The subscription is in force once a PING on the subscribed connection answers after it.
  await subscriber.ping();
  const close = async () => {
    await hub.close();
    client.disconnect();
    subscriber.disconnect();
  };
  opened.push(close);
  /** Appends as commit.ts does: stored (and announced by the script), then published here. */
  const append = async (sessionId: string, event: BridgeEvent): Promise<StoredEvent> => {
    const id = await appendEvent(store, sessionId, event);
    const stored = { id, event };
    hub.publish(sessionId, stored);
    return stored;
  };
  return { client, subscriber, store, hub, append, close };
}

const ended = (c: string): BridgeEvent => ({ type: 'handoff.ended', conversationId: c });

hubContract('redis', async () => {
  const i = await instance(redis.prefix('h'));
  return { hub: i.hub, append: i.append, dispose: i.close };
});

describe('createRedisHub across instances', () => {
  it('brings events appended on instance B to a listener on instance A, in order, once, even when both append at once', async () => {
    const prefix = redis.prefix('x');
    const a = await instance(prefix);
    const b = await instance(prefix);
    const got: number[] = [];
    a.hub.subscribe('s1', (e) => got.push(e.id));
    await vi.waitFor(async () => expect(await a.client.zscore(`${prefix}streams`, 's1')).not.toBeNull());
    // 60 appends racing from two instances: their announcements (and A's own fast path) arrive in any order.
    await Promise.all(Array.from({ length: 30 }, (_, k) => [a.append('s1', ended(`a${k}`)), b.append('s1', ended(`b${k}`))]).flat());
    await vi.waitFor(() => expect(got).toHaveLength(60));
    expect(got).toEqual(Array.from({ length: 60 }, (_, k) => k + 1));
  });

  it('replays nothing twice and misses nothing when a stream opens while another instance appends', async () => {
    const prefix = redis.prefix('r');
    const a = await instance(prefix);
    const b = await instance(prefix);
    for (let k = 0; k < 20; k++) await b.append('s1', ended(`old${k}`));
    let stop = false;
    const writer = (async () => { while (!stop) await b.append('s1', ended('live')); })();
    // What routes/events.ts does: subscribe (buffering), replay from the store, then flush the buffer; the
    // connection drops ids it already wrote.
    const written: number[] = [];
    let last = 0;
    const write = (e: StoredEvent) => { if (e.id > last) { written.push(e.id); last = e.id; } };
    let buffer: StoredEvent[] | null = [];
    a.hub.subscribe('s1', (e) => (buffer ? buffer.push(e) : write(e)));
    for (let page = await a.store.eventsAfter('s1', 5, 7); page.length > 0; page = await a.store.eventsAfter('s1', last, 7)) page.forEach(write);
    const pending = buffer;
    buffer = null;
    pending.forEach(write);
    await new Promise((r) => setTimeout(r, 100));
    stop = true;
    await writer;
    const total = await a.store.lastEventId('s1');
    await vi.waitFor(() => expect(written[written.length - 1]).toBe(total));
    expect(written).toEqual(Array.from({ length: total - 5 }, (_, k) => k + 6));
  });

  it('catches up from the stream after its subscription was cut, so events appended meanwhile still arrive', async () => {
    const prefix = redis.prefix('c');
    const a = await instance(prefix);
    const b = await instance(prefix);
    const got: number[] = [];
    a.hub.subscribe('s1', (e) => got.push(e.id));
    await b.append('s1', ended('1'));
    await vi.waitFor(() => expect(got).toEqual([1]));
    // Drop A's subscribed connection without a goodbye: announcements made now are lost to A.
    a.subscriber.stream.destroy();
    await b.append('s1', ended('2'));
    await b.append('s1', ended('3'));
    await vi.waitFor(() => expect(got).toEqual([1, 2, 3]), { timeout: 5_000 });
    await b.append('s1', ended('4'));
    await vi.waitFor(() => expect(got).toEqual([1, 2, 3, 4]));
  });

  it('lists sessions with open streams on any instance, and forgets them when their instance stops refreshing', async () => {
    const prefix = redis.prefix('a');
    const a = await instance(prefix, 300);
    const b = await instance(prefix, 300);
    const off = a.hub.subscribe('sa', () => {});
    b.hub.subscribe('sb', () => {});
    await vi.waitFor(() => expect(b.hub.activeSessions().sort()).toEqual(['sa', 'sb']));
    expect(b.hub.size()).toBe(1);
    off();
    await a.close();
    await vi.waitFor(() => expect(b.hub.activeSessions()).toEqual(['sb']), { timeout: 3_000 });
  });
});
