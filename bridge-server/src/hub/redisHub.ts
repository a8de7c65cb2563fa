import type { Redis } from 'ioredis';
import type { BridgeEvent } from '../protocol/events';
import type { Store, StoredEvent } from '../store/types';
import { redisKeys } from '../store/redisKeys';
import type { EventHub, EventListener } from './types';

/** Options of `createRedisHub`. */
export interface RedisHubOptions {
  /** Commands (the cluster-wide index of sessions with open streams). */
  client: Redis;
  /** A connection of its own for SUBSCRIBE (a subscribed connection takes no other commands). */
  subscriber: Redis;
  /** Key prefix, the Redis store's (its write-set script publishes on `<prefix>events`). */
  prefix?: string;
  /** The event log, to fill a gap and to catch up after a reconnect (the Redis store). */
  log: Pick<Store, 'eventsAfter' | 'lastEventId'>;
  onListenerError?: (err: unknown) => void;
  /** An instance's open streams count as active this long after its last refresh (default 30 s, refreshed every third). */
  activeTtlMs?: number;
}

/** The Redis hub, with what server.ts needs beyond `EventHub`. */
export interface RedisHub extends EventHub {
  /** Stops the refresh timer and the subscription's listeners (the connections belong to the caller). */
  close(): Promise<void>;
}

/** The open streams of one session on this instance, and the last id they were given. */
interface Local {
  listeners: Set<EventListener>;
  /** Highest id delivered; -1 until the subscription's starting point is known. */
  cursor: number;
  /** Deliveries of this session, one after the other (a gap is read from the log before what follows it). */
  chain: Promise<void>;
  /** A gap could not be read (Redis failing): the next refresh catches up. */
  behind: boolean;
}

/**
 * Fan-out across instances. Every append is announced on one pub/sub channel by the write-set script itself
 * (redisScripts.ts), in commit order and only once committed; each instance keeps, per session with open streams
 * here, the last id it delivered and hands its listeners each id once, in order: an id already delivered is
 * dropped, one past a gap first reads the gap from the session's stream. Events committed here are also delivered
 * at once (`publish`), without waiting for their announcement. After the subscription reconnects, every session
 * catches up from its stream, so an announcement lost while Redis was away leaves no gap.
 *
 * A subscription starts after the session's last id read when it subscribes, on the store's connection: that read
 * is sent before the replay reads the stream opening does next (routes/events.ts), so what it skips the replay has.
 * `activeSessions()` is cluster-wide: each instance refreshes its sessions in a shared sorted set with an expiry.
 * @example const hub = createRedisHub({ client, subscriber, log: store }); const off = hub.subscribe('s1', send);
 */
export function createRedisHub(o: RedisHubOptions): RedisHub {
  const k = redisKeys(o.prefix ?? 'parley:');
  const activeKey = `${k.prefix}streams`;
  const ttl = o.activeTtlMs ?? 30_000;
  const onError = o.onListenerError ?? (() => {});
  const locals = new Map<string, Local>();
  let cluster = new Set<string>();
  let count = 0;

  const emit = (local: Local, e: StoredEvent): void => {
    local.cursor = e.id;
    for (const listener of [...local.listeners]) {
      try {
        listener(e);
      } catch (err) {
        onError(err);
      }
    }
  };
  /** Delivers everything up to `upTo` (Infinity: all there is) not yet delivered, reading what it lacks from the log. */
  const deliver = async (sessionId: string, local: Local, upTo: number, event?: StoredEvent): Promise<void> => {
    if (local.cursor < 0) local.cursor = Number.isFinite(upTo) ? upTo - 1 : 0;
    if (upTo <= local.cursor) return;
    if (event && event.id === local.cursor + 1) return emit(local, event);
    try {
      for (;;) {
        const page = await o.log.eventsAfter(sessionId, local.cursor, Math.min(500, upTo - local.cursor));
        for (const e of page) if (e.id <= upTo && e.id > local.cursor) emit(local, e);
        if (page.length < 500 || local.cursor >= upTo) break;
      }
      local.behind = false;
    } catch {
      local.behind = true;
    }
  };
  const enqueue = (sessionId: string, local: Local, upTo: number, event?: StoredEvent): void => {
    local.chain = local.chain.then(() => deliver(sessionId, local, upTo, event)).catch(onError);
  };

  const onMessage = (channel: string, message: string): void => {
    if (channel !== k.eventsChannel) return;
    const a = message.indexOf('\n');
    const b = message.indexOf('\n', a + 1);
    const local = locals.get(message.slice(0, a));
    if (!local) return;
    const id = Number(message.slice(a + 1, b));
    let event: StoredEvent | undefined;
    try {
      event = { id, event: JSON.parse(message.slice(b + 1)) as BridgeEvent };
    } catch {
      event = undefined; // read from the log instead
    }
    enqueue(message.slice(0, a), local, id, event);
  };
  const catchUp = (all: boolean): void => {
    for (const [sessionId, local] of locals) if (all || local.behind) enqueue(sessionId, local, Infinity);
  };
  const onReady = (): void => {
    // Catch up only once SUBSCRIBE is in force again, so nothing falls between the read and the subscription.
    o.subscriber.subscribe(k.eventsChannel).then(() => catchUp(true), () => undefined);
  };
  o.subscriber.on('message', onMessage);
  o.subscriber.on('ready', onReady);
  void o.subscriber.subscribe(k.eventsChannel).catch(() => undefined);

  const refresh = async (): Promise<void> => {
    const now = Date.now();
    const p = o.client.multi();
    const ids = [...locals.keys()];
    for (let i = 0; i < ids.length; i += 1_000) p.zadd(activeKey, ...ids.slice(i, i + 1_000).flatMap((id) => [now + ttl, id]));
    p.zremrangebyscore(activeKey, '-inf', now).zrangebyscore(activeKey, now, '+inf');
    const replies = (await p.exec()) ?? [];
    const last = replies[replies.length - 1];
    if (last && !last[0]) cluster = new Set(last[1] as string[]);
    catchUp(false);
  };
  const timer = setInterval(() => void refresh().catch(() => undefined), Math.max(50, Math.floor(ttl / 3)));
  timer.unref();

  return {
    subscribe(sessionId, listener) {
      let local = locals.get(sessionId);
      if (!local) {
        const created: Local = { listeners: new Set(), cursor: -1, chain: Promise.resolve(), behind: false };
        // Sent now, before the caller's replay reads (see above); a failure leaves the start to the first announcement.
        created.chain = o.log.lastEventId(sessionId).then((id) => { created.cursor = Math.max(created.cursor, id); }, () => undefined);
        locals.set(sessionId, (local = created));
        o.client.zadd(activeKey, Date.now() + ttl, sessionId).catch(() => undefined);
      }
      const state = local;
      state.listeners.add(listener);
      count++;
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        count--;
        state.listeners.delete(listener);
        if (state.listeners.size === 0 && locals.get(sessionId) === state) locals.delete(sessionId);
      };
    },
    publish(sessionId, event) {
      const local = locals.get(sessionId);
      if (local) enqueue(sessionId, local, event.id, event);
    },
    activeSessions: () => [...new Set([...cluster, ...locals.keys()])],
    size: () => count,
    async close() {
      clearInterval(timer);
      o.subscriber.off('message', onMessage);
      o.subscriber.off('ready', onReady);
    },
  };
}
