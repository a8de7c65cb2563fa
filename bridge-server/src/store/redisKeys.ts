/**
 * Key names of the Redis store, all under one prefix (default `parley:`), so several bridges (or test runs) can
 * share a Redis by prefix. Single Redis (or a primary with replicas/Sentinel): the Lua scripts touch keys of
 * several sessions, which Redis Cluster would need hash tags for.
 */
export function redisKeys(prefix: string) {
  return {
    prefix,
    /** HASH: a session record, each field JSON-encoded, plus `tokenHash`. */
    session: (id: string) => `${prefix}s:${id}`,
    /** STRING: the session id of a token hash. */
    token: (hash: string) => `${prefix}t:${hash}`,
    /** ZSET: session id → last used (epoch ms), for retention. */
    seen: `${prefix}seen`,
    /** HASH: a conversation record, each field JSON-encoded. */
    conversation: (id: string) => `${prefix}c:${id}`,
    /** SET: conversation ids of a session (its own, and those it has transcript messages in). */
    sessionConversations: (sessionId: string) => `${prefix}sc:${sessionId}`,
    /** STRING: a transcript message (JSON); its existence is the dedupe by message id. */
    message: (id: string) => `${prefix}m:${id}`,
    /** LIST: message ids of a conversation, in insertion order. */
    conversationMessages: (conversationId: string) => `${prefix}cm:${conversationId}`,
    /** STRING: a SendRecord as a whole JSON value. */
    send: (sessionId: string, clientId: string) => `${prefix}sd:${sessionId}:${clientId}`,
    /** SET: client ids with a send record in a session (retention). */
    sessionSends: (sessionId: string) => `${prefix}ss:${sessionId}`,
    /** STRING: the session's event sequence (INCR), the SSE id of its last event. */
    eventSeq: (sessionId: string) => `${prefix}q:${sessionId}`,
    /** STREAM: the session's events, entry id `<seq>-0`, fields b (JSON), c (conversation id or ''), t (ms). */
    events: (sessionId: string) => `${prefix}e:${sessionId}`,
    /** ZSET: webhook delivery id → received at (epoch ms); retention trims it. */
    webhooks: `${prefix}wh`,
    /** STRING: an identity (JSON `IdentityRecord`) by its lower-cased external id (issue 15). */
    identity: (externalId: string) => `${prefix}id:${externalId.toLowerCase()}`,
    /** STRING: the origin an added token was issued for (its session id is under `token`). */
    tokenOrigin: (hash: string) => `${prefix}to:${hash}`,
    /** SET: the added token hashes of a session (retention). */
    sessionTokens: (sessionId: string) => `${prefix}st:${sessionId}`,
    /** HASH: settings. */
    settings: `${prefix}settings`,
    /** Pub/sub channel: `<sessionId>\n<id>\n<event JSON>` for every appended event, published by the append. */
    eventsChannel: `${prefix}events`,
  };
}

/** The key names of one prefix. */
export type RedisKeys = ReturnType<typeof redisKeys>;

/** A record as HASH field/value pairs, each value JSON-encoded (so null, numbers and objects come back as they were). */
export function toHashArgs(record: object): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out.push(k, JSON.stringify(v));
  return out;
}

/** The record of `toHashArgs` pairs read back (HGETALL); null for a missing key. */
export function fromHash<T>(hash: Record<string, string>, omit: string[] = []): T | null {
  const entries = Object.entries(hash);
  if (entries.length === 0) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) if (!omit.includes(k)) out[k] = JSON.parse(v);
  return out as T;
}
