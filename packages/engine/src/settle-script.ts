/**
 * Settles one hash slot's share of a push result atomically: what was written or found unchanged becomes the
 * record of the push (never replacing a newer push), and what a stale compare-and-set answer said the remote
 * shows becomes the next expectation (never replacing a newer observation). A push the remote took heals the open
 * drift it was planned against (the drift's `actual` is what it expected to replace, or it expected nothing): the
 * echo of that write is read back stamped before the push was settled, so no later reconciliation would close it.
 *
 * KEYS: pushed, remote and drift hashes of the SKUs in this slot
 * ARGV: JSON [{ k: key index, c: channel, v: version (pushes), at: time ms, j: stored JSON,
 *               dk?: drift hash index, d?: drift field, m?: drift index member, e?: expected remote }]
 * Returns: the drift index members healed
 */
export const settleSlotScript = `
local healed = {}
for _, entry in ipairs(cjson.decode(ARGV[1])) do
  local key = KEYS[entry.k]
  local raw = redis.call('HGET', key, entry.c)
  local current = raw and cjson.decode(raw) or nil
  local newer
  if entry.v ~= nil then
    newer = current == nil or tonumber(current.version) <= tonumber(entry.v)
  else
    newer = current == nil or current.observedAtMs == nil or tonumber(current.observedAtMs) <= tonumber(entry.at)
  end
  if newer then
    redis.call('HSET', key, entry.c, entry.j)
  end
  if entry.d then
    local drift = redis.call('HGET', KEYS[entry.dk], entry.d)
    if drift and (entry.e == nil or tonumber(cjson.decode(drift).actual) == tonumber(entry.e)) then
      redis.call('HDEL', KEYS[entry.dk], entry.d)
      table.insert(healed, entry.m)
    end
  end
end
return healed
`;

/**
 * Acknowledges settled dirty members whose score has not changed since they were planned (a mark made while the
 * push was in flight survives), and reports how many members are left.
 * KEYS: dirty sorted set; ARGV: member, score, member, score, …
 * Returns: { removed, remaining }
 */
export const settleDirtyScript = `
local removed = 0
for index = 1, #ARGV, 2 do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[index])
  if score and tonumber(score) == tonumber(ARGV[index + 1]) then
    redis.call('ZREM', KEYS[1], ARGV[index])
    removed = removed + 1
  end
end
return { removed, redis.call('ZCARD', KEYS[1]) }
`;
