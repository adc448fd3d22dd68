/**
 * Settles a share of a push result atomically (up to `entriesPerSettleCall` entries; on Redis Cluster, of one
 * slot): what was written or found unchanged becomes the record of the push (never replacing a newer push), and
 * what a stale compare-and-set answer said the remote shows becomes the next expectation (never replacing a newer
 * observation).
 *
 * KEYS: pushed and remote hashes of the SKUs in this call
 * ARGV: JSON [{ k: key index, c: channel, v: version (pushes), at: time ms, j: stored JSON }]
 * Returns: entries written
 */
export const settleSlotScript = `
local written = 0
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
    written = written + 1
  end
end
return written
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
