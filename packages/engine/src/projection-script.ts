/**
 * Stores computed channel quantities only when they come from a newer state than the stored ones, so two
 * workers racing on one SKU can never leave the older value last. Then reports every channel whose computed
 * value differs from the last pushed one: those need a push, whichever worker won.
 *
 * KEYS: computed hash, pushed hash
 * ARGV: JSON [{ c: channel, v: version, q: quantity, st: status, j: stored JSON }]
 * Returns: channels that need a push.
 */
export const projectionScript = `
local computedKey, pushedKey = KEYS[1], KEYS[2]
local entries = cjson.decode(ARGV[1])
local needPush = {}
for _, entry in ipairs(entries) do
  local raw = redis.call('HGET', computedKey, entry.c)
  local current = raw and cjson.decode(raw) or nil
  if current == nil or tonumber(current.version) < tonumber(entry.v) then
    redis.call('HSET', computedKey, entry.c, entry.j)
    current = cjson.decode(entry.j)
  end
  local pushedRaw = redis.call('HGET', pushedKey, entry.c)
  local pushed = pushedRaw and cjson.decode(pushedRaw) or nil
  if pushed == nil or pushed.quantity ~= current.quantity or pushed.status ~= current.status then
    table.insert(needPush, entry.c)
  end
end
return needPush
`;

/**
 * Marks channel SKUs dirty for a connection with a strictly increasing score, so a flush that finishes can remove
 * exactly what it pushed and nothing marked after it started.
 *
 * KEYS: dirty sorted set, its sequence counter
 * ARGV: members
 */
export const markDirtyScript = `
for _, member in ipairs(ARGV) do
  local score = redis.call('INCR', KEYS[2])
  redis.call('ZADD', KEYS[1], score, member)
end
return #ARGV
`;
