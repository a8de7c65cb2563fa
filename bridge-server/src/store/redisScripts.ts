/**
 * Lua scripts of the Redis store. A script runs atomically (no other command in between), which is what gives a
 * write set its all-or-nothing and its apply-time conditions. Redis does not roll a script back when it fails half
 * way, so each script checks everything first and writes last, from arguments prepared in JS (nothing there can
 * fail but Redis itself). Keys are built from the prefix (ARGV[1]); see redisKeys.ts.
 */

/**
 * One write set (`Store.applyWrites`). ARGV: prefix, session id, now (ms), webhook id ('' = none), webhook at,
 * touch conversation id, touch field count, fields…, message id ('' = none), message conversation id, message JSON,
 * change conversation id ('' = none), guard, change field count, fields…, change event count, (JSON, conv)…,
 * event count, (JSON, conv)…. Patch values are JSON-encoded. Returns {0} for a known delivery id, else
 * {1, newMessage, changed, ids…}. Each event takes the next number of the session's sequence (INCR) as its stream
 * entry id and SSE id, and is published on the events channel in the same step, so every instance hears of every
 * committed event, in commit order, and of none that was not committed.
 */
export const APPLY_WRITE_SET = String.raw`
local P, sid, now = ARGV[1], ARGV[2], ARGV[3]
local i = 4
local function nxt() local v = ARGV[i]; i = i + 1; return v end
local function list(n) local t = {}; for j = 1, n do t[j] = nxt() end; return t end
local wid, wat = nxt(), nxt()
local tconv = nxt(); local tpatch = list(tonumber(nxt()) * 2)
local mid, mconv, mbody = nxt(), nxt(), nxt()
local cconv, cguard = nxt(), nxt()
local cpatch = list(tonumber(nxt()) * 2)
local cevents = list(tonumber(nxt()) * 2)
local events = list(tonumber(nxt()) * 2)

local ids = {}
local function append(evs)
  for j = 1, #evs, 2 do
    local n = redis.call('INCR', P .. 'q:' .. sid)
    redis.call('XADD', P .. 'e:' .. sid, n .. '-0', 'b', evs[j], 'c', evs[j + 1], 't', now)
    redis.call('PUBLISH', P .. 'events', sid .. '\n' .. n .. '\n' .. evs[j])
    ids[#ids + 1] = n
  end
end

if wid ~= '' and redis.call('ZADD', P .. 'wh', 'NX', wat, wid) == 0 then return {0} end
if tconv ~= '' and #tpatch > 0 and redis.call('EXISTS', P .. 'c:' .. tconv) == 1 then
  redis.call('HSET', P .. 'c:' .. tconv, unpack(tpatch))
end
local newMessage = 0
if mid ~= '' then
  if not redis.call('SET', P .. 'm:' .. mid, mbody, 'NX') then return {1, 0, 0} end
  newMessage = 1
  redis.call('RPUSH', P .. 'cm:' .. mconv, mid)
  redis.call('SADD', P .. 'sc:' .. sid, mconv)
end
local changed = 0
if cconv ~= '' and #cpatch > 0 then
  local key = P .. 'c:' .. cconv
  local ok = false
  if redis.call('EXISTS', key) == 1 then
    local h = redis.call('HGET', key, 'handoff')
    if cguard == 'active' then ok = redis.call('HGET', key, 'status') == '"active"'
    elseif cguard == 'no_handoff' then ok = (not h) or h == 'null'
    else ok = (h and h ~= 'null') or false end
  end
  if ok then
    changed = 1
    redis.call('HSET', key, unpack(cpatch))
    append(cevents)
  end
end
append(events)
local out = {1, newMessage, changed}
for j = 1, #ids do out[#out + 1] = ids[j] end
return out
`;

/** `Store.insertMessage`. ARGV: prefix, session id, message id, conversation id, JSON. Returns 1 when new. */
export const INSERT_MESSAGE = String.raw`
local P, sid, mid, conv = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if not redis.call('SET', P .. 'm:' .. mid, ARGV[5], 'NX') then return 0 end
redis.call('RPUSH', P .. 'cm:' .. conv, mid)
redis.call('SADD', P .. 'sc:' .. sid, conv)
return 1
`;

/** HSET on KEYS[1] only when it exists (an UPDATE of a missing row changes nothing). ARGV: field, value… */
export const PATCH_IF_EXISTS = String.raw`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
`;

/** `Store.touchSession`. KEYS: session hash, seen ZSET. ARGV: at (ms), session id. */
export const TOUCH_SESSION = String.raw`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
return 1
`;

/** Deletes a session with everything it holds. ARGV: prefix, session id. Returns how many events went. */
export const PRUNE_SESSION = String.raw`
local P, sid = ARGV[1], ARGV[2]
local skey = P .. 's:' .. sid
local th = redis.call('HGET', skey, 'tokenHash')
if th then redis.call('DEL', P .. 't:' .. th) end
for _, h in ipairs(redis.call('SMEMBERS', P .. 'st:' .. sid)) do redis.call('DEL', P .. 't:' .. h, P .. 'to:' .. h) end
redis.call('DEL', P .. 'st:' .. sid)
local ext = redis.call('HGET', skey, 'externalId')
if ext then
  ext = cjson.decode(ext)
  if type(ext) == 'string' then
    local ikey = P .. 'id:' .. string.lower(ext)
    local rec = redis.call('GET', ikey)
    if rec and cjson.decode(rec).sessionId == sid then redis.call('DEL', ikey) end
  end
end
for _, c in ipairs(redis.call('SMEMBERS', P .. 'sc:' .. sid)) do
  local ml = P .. 'cm:' .. c
  for _, m in ipairs(redis.call('LRANGE', ml, 0, -1)) do redis.call('DEL', P .. 'm:' .. m) end
  redis.call('DEL', ml, P .. 'c:' .. c)
end
for _, cid in ipairs(redis.call('SMEMBERS', P .. 'ss:' .. sid)) do redis.call('DEL', P .. 'sd:' .. sid .. ':' .. cid) end
local events = redis.call('XLEN', P .. 'e:' .. sid)
redis.call('DEL', skey, P .. 'sc:' .. sid, P .. 'ss:' .. sid, P .. 'e:' .. sid, P .. 'q:' .. sid)
redis.call('ZREM', P .. 'seen', sid)
return events
`;

/**
 * Deletes a session's events of conversations ended before a time, and its events tied to no conversation appended
 * before another (the SQLite store's rule). ARGV: prefix, session id, ended-before (ISO), appended-before (ms).
 * The sequence stays, so SSE ids never go back. Returns how many went.
 */
export const PRUNE_EVENTS = String.raw`
local P, sid, iso, ms = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local key = P .. 'e:' .. sid
local ended = {}
local n = 0
for _, e in ipairs(redis.call('XRANGE', key, '-', '+')) do
  local f = e[2]
  local c, t = '', 0
  for j = 1, #f, 2 do
    if f[j] == 'c' then c = f[j + 1] elseif f[j] == 't' then t = tonumber(f[j + 1]) end
  end
  local drop
  if c == '' then drop = t < ms
  else
    if ended[c] == nil then
      local h = redis.call('HMGET', P .. 'c:' .. c, 'status', 'endedAt')
      ended[c] = (h[1] == '"ended"' and h[2] and h[2] ~= 'null' and string.sub(h[2], 2, -2) < iso) or false
    end
    drop = ended[c]
  end
  if drop then
    redis.call('XDEL', key, e[1])
    n = n + 1
  end
end
return n
`;
