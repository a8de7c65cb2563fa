import type { ChainableCommander, Redis } from 'ioredis';
import type { ChatMessage } from '../protocol/api';
import type { BridgeEvent } from '../protocol/events';
import { withUnavailable } from '../redis/unavailable';
import { fromHash, redisKeys, toHashArgs } from './redisKeys';
import { pruneRedis } from './redisPrune';
import { APPLY_WRITE_SET, INSERT_MESSAGE, PATCH_IF_EXISTS, PRUNE_EVENTS, PRUNE_SESSION, TOUCH_SESSION } from './redisScripts';
import { writeResultOf, writeSetArgs } from './redisWriteSets';
import type { ConversationRecord, IdentityRecord, SendRecord, SessionRecord, Store, StoredEvent, WriteResult } from './types';

/** Options of `openRedisStore`. */
export interface RedisStoreOptions {
  /** A connected client (redis/connect.ts); the caller owns it and quits it after `close`. */
  client: Redis;
  /** Key prefix; default `parley:`. */
  prefix?: string;
}

/** A script as a command of the client (ioredis `defineCommand`: EVALSHA, loading the script on NOSCRIPT). */
type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

const SCRIPTS = {
  parleyApply: { numberOfKeys: 0, lua: APPLY_WRITE_SET },
  parleyInsertMessage: { numberOfKeys: 0, lua: INSERT_MESSAGE },
  parleyPatch: { numberOfKeys: 1, lua: PATCH_IF_EXISTS },
  parleyTouch: { numberOfKeys: 2, lua: TOUCH_SESSION },
  parleyPruneSession: { numberOfKeys: 0, lua: PRUNE_SESSION },
  parleyPruneEvents: { numberOfKeys: 0, lua: PRUNE_EVENTS },
} as const;
type ScriptName = keyof typeof SCRIPTS;

/** Defines the store's scripts on `client` (idempotent) and returns a caller for the client or one of its pipelines. */
export function redisScripts(client: Redis) {
  for (const [name, def] of Object.entries(SCRIPTS)) client.defineCommand(name, def);
  return {
    call: (name: ScriptName, ...args: (string | number)[]) => (client as unknown as Record<ScriptName, ScriptCall>)[name](...args),
    queue: (p: ChainableCommander, name: ScriptName, ...args: (string | number)[]) =>
      (p as unknown as Record<ScriptName, (...a: (string | number)[]) => ChainableCommander>)[name](...args),
  };
}

const toStored = ([id, fields]: [string, string[]]): StoredEvent => {
  const i = fields.indexOf('b');
  return { id: Number.parseInt(id, 10), event: JSON.parse(fields[i + 1] ?? 'null') as BridgeEvent };
};

/**
 * The shared store for several bridges (`REDIS_URL`): the same `Store` as SQLite, on Redis. Records are hashes of
 * JSON-encoded fields (fields added to a record later just work), a session's events are a Stream whose entry ids
 * are the session's sequence (`<n>-0`, n from INCR, so SSE ids stay numbers, gap-free and ordered), and every write
 * set is one Lua script (all-or-nothing, conditions checked when it runs). A Redis failure rejects with
 * `unavailable` (503). Nothing is kept in this process: every read goes to Redis, so another instance's writes are
 * seen at once.
 * @example const store = openRedisStore({ client: await connectRedis(url) });
 */
export function openRedisStore(options: RedisStoreOptions): Store {
  const { client } = options;
  const k = redisKeys(options.prefix ?? 'parley:');
  const P = k.prefix;
  const scripts = redisScripts(client);

  const readConversations = async (ids: string[]): Promise<(ConversationRecord | null)[]> => {
    if (ids.length === 0) return [];
    const p = client.pipeline();
    for (const id of ids) p.hgetall(k.conversation(id));
    const rows = (await p.exec()) ?? [];
    return rows.map(([err, hash]) => {
      if (err) throw err;
      return fromHash<ConversationRecord>(hash as Record<string, string>);
    });
  };

  const store: Store = {
    async createSession(s, tokenHash) {
      const record = { ...s, lastSeenAt: s.lastSeenAt ?? s.createdAt };
      await client.multi()
        .hset(k.session(s.id), ...toHashArgs(record), 'tokenHash', tokenHash)
        .set(k.token(tokenHash), s.id)
        .zadd(k.seen, record.lastSeenAt, s.id)
        .exec();
    },
    async findSessionByTokenHash(hash) {
      const [id, origin] = await client.mget(k.token(hash), k.tokenOrigin(hash));
      const session = id ? await store.getSession(id) : null;
      // An added token (a signed-in visitor's other browser) carries the origin it was issued for.
      return session && origin ? { ...session, origin } : session;
    },
    async getSession(id) {
      return fromHash<SessionRecord>(await client.hgetall(k.session(id)), ['tokenHash']);
    },
    async updateSession(id, patch) {
      const args = toHashArgs({ endUserId: patch.endUserId, conversationId: patch.conversationId });
      if (args.length > 0) await scripts.call('parleyPatch', k.session(id), ...args);
    },
    async insertConversation(c) {
      await client.multi().del(k.conversation(c.id)).hset(k.conversation(c.id), ...toHashArgs(c))
        .sadd(k.sessionConversations(c.sessionId), c.id).exec();
    },
    async getConversation(id) {
      return fromHash<ConversationRecord>(await client.hgetall(k.conversation(id)));
    },
    async updateConversation(id, patch) {
      const args = toHashArgs(patch);
      if (args.length > 0) await scripts.call('parleyPatch', k.conversation(id), ...args);
    },
    async activeConversationsOf(sessionIds) {
      if (sessionIds.length === 0) return [];
      const p = client.pipeline();
      for (const s of sessionIds) p.smembers(k.sessionConversations(s));
      const ids = ((await p.exec()) ?? []).flatMap(([err, members]) => {
        if (err) throw err;
        return members as string[];
      });
      const wanted = new Set(sessionIds);
      return (await readConversations([...new Set(ids)]))
        .filter((c): c is ConversationRecord => c !== null && c.status === 'active' && wanted.has(c.sessionId));
    },
    async insertMessage(sessionId, m) {
      return (await scripts.call('parleyInsertMessage', P, sessionId, m.id, m.conversationId, JSON.stringify(m))) === 1;
    },
    async hasMessage(id) {
      return (await client.exists(k.message(id))) === 1;
    },
    async getMessage(id) {
      const body = await client.get(k.message(id));
      return body ? (JSON.parse(body) as ChatMessage) : null;
    },
    async messagesOf(conversationId) {
      const ids = await client.lrange(k.conversationMessages(conversationId), 0, -1);
      if (ids.length === 0) return [];
      const bodies = await client.mget(ids.map((id) => k.message(id)));
      const messages = bodies.flatMap((b) => (b ? [JSON.parse(b) as ChatMessage] : []));
      // Stable: ties keep insertion order, as SQLite's ORDER BY created_at, rowid does.
      return messages.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    },
    async getSend(sessionId, clientId) {
      const body = await client.get(k.send(sessionId, clientId));
      return body ? (JSON.parse(body) as SendRecord) : null;
    },
    async putSend(send) {
      await client.multi().set(k.send(send.sessionId, send.clientId), JSON.stringify(send))
        .sadd(k.sessionSends(send.sessionId), send.clientId).exec();
    },
    async applyWrites(sets) {
      const now = Date.now();
      const results: (WriteResult | null)[] = sets.map(() => null);
      const p = client.pipeline();
      const sent: number[] = [];
      sets.forEach((set, i) => {
        try {
          const args = writeSetArgs(P, set, now);
          scripts.queue(p, 'parleyApply', ...args);
          sent.push(i);
        } catch (error) {
          results[i] = { status: 'failed', error };
        }
      });
      if (sent.length > 0) {
        // One round trip for the batch; each set is its own script, so one that fails fails alone.
        const replies = (await p.exec()) ?? [];
        if (replies.length > 0 && replies.every(([err]) => err)) throw replies[0]![0];
        sent.forEach((setIndex, j) => {
          const [err, reply] = replies[j] ?? [new Error('no reply for a write set'), null];
          results[setIndex] = err ? { status: 'failed', error: err } : writeResultOf(sets[setIndex]!, reply);
        });
      }
      return results as WriteResult[];
    },
    async eventsAfter(sessionId, afterId, limit) {
      const entries = await client.xrange(k.events(sessionId), `${afterId + 1}-0`, '+', 'COUNT', limit);
      return (entries as [string, string[]][]).map(toStored);
    },
    async lastEventId(sessionId) {
      return Number((await client.get(k.eventSeq(sessionId))) ?? 0);
    },
    async hasWebhook(id) {
      return (await client.zscore(k.webhooks, id)) !== null;
    },
    async markWebhookSeen(id, at) {
      return (await client.zadd(k.webhooks, 'NX', at, id)) === 1;
    },
    async touchSession(id, at) {
      await scripts.call('parleyTouch', k.session(id), k.seen, at, id);
    },
    prune: (cutoffs) => pruneRedis({ client, keys: k, scripts }, cutoffs),
    async findIdentity(externalId) {
      const body = await client.get(k.identity(externalId));
      return body ? (JSON.parse(body) as IdentityRecord) : null;
    },
    async claimIdentity(identity) {
      // SET NX: of two instances claiming at once, one wins and both read its record.
      await client.set(k.identity(identity.externalId), JSON.stringify(identity), 'NX');
      const stored = await store.findIdentity(identity.externalId);
      if (!stored) throw new Error('the identity vanished right after it was claimed');
      return stored;
    },
    async setIdentityProfile(externalId, profile) {
      const current = await store.findIdentity(externalId);
      if (current) await client.set(k.identity(externalId), JSON.stringify({ ...current, profile }), 'XX');
    },
    async addSessionToken(sessionId, tokenHash, origin) {
      await client.multi().set(k.token(tokenHash), sessionId).set(k.tokenOrigin(tokenHash), origin)
        .sadd(k.sessionTokens(sessionId), tokenHash).exec();
    },
    async revokeSessionToken(tokenHash) {
      const id = await client.get(k.token(tokenHash));
      const m = client.multi().del(k.token(tokenHash), k.tokenOrigin(tokenHash));
      if (id) m.srem(k.sessionTokens(id), tokenHash);
      await m.exec();
    },
    async getSetting(key) {
      return client.hget(k.settings, key);
    },
    async setSetting(key, value) {
      await client.hset(k.settings, key, value);
    },
    async ping() {
      await client.ping();
    },
    async close() {
      // The connection belongs to the caller (one client serves the store, the hub and the limiters).
    },
  };
  return withUnavailable(store);
}
