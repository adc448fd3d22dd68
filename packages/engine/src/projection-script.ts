/**
 * Stores computed channel quantities only when they come from a newer state than the stored ones, so two
 * workers racing on one SKU can never leave the older value last. Then reports every channel whose computed
 * value differs from the last pushed one: those need a push, whichever worker won.
 *
 * One call projects many SKUs (those of one Redis Cluster slot, or any on a single Redis), each exactly as if it
 * were alone: a batch's projection is one round trip and one script run, not one per SKU.
 * KEYS: per SKU: computed hash, pushed hash
 * ARGV: JSON, per SKU in the order of its keys: [{ c: channel, v: version, q: quantity, st: status, j: stored JSON }]
 * Returns: per SKU, the channels that need a push.
 */
export const projectionScript = `
local skus = cjson.decode(ARGV[1])
local reply = {}
for index, entries in ipairs(skus) do
  local computedKey, pushedKey = KEYS[2 * index - 1], KEYS[2 * index]
  local needPush = {}
  if #entries > 0 then
    -- One read of each hash for all the SKU's channels, one write of those that changed: three commands per SKU.
    local channels = {}
    for position, entry in ipairs(entries) do channels[position] = entry.c end
    local stored = redis.call('HMGET', computedKey, unpack(channels))
    local pushedValues = redis.call('HMGET', pushedKey, unpack(channels))
    local writes = {}
    for position, entry in ipairs(entries) do
      local raw = stored[position]
      local current = raw and cjson.decode(raw) or nil
      if current == nil or tonumber(current.version) < tonumber(entry.v) then
        writes[#writes + 1] = entry.c
        writes[#writes + 1] = entry.j
        current = { quantity = entry.q, status = entry.st }
      end
      local pushedRaw = pushedValues[position]
      local pushed = pushedRaw and cjson.decode(pushedRaw) or nil
      if pushed == nil or pushed.quantity ~= current.quantity or pushed.status ~= current.status then
        needPush[#needPush + 1] = entry.c
      end
    end
    if #writes > 0 then redis.call('HSET', computedKey, unpack(writes)) end
  end
  reply[index] = needPush
end
return reply
`;

/**
 * Marks channel SKUs dirty for a connection with a strictly increasing score, so a flush that finishes can remove
 * exactly what it pushed and nothing marked after it started. The members take the next scores of the sequence in
 * order (one INCRBY for all of them, one ZADD per thousand): the same scores one INCR per member would give.
 *
 * KEYS: dirty sorted set, its sequence counter
 * ARGV: members
 */
export const markDirtyScript = `
local count = #ARGV
if count == 0 then return 0 end
local first = redis.call('INCRBY', KEYS[2], count) - count
local scored = {}
for index, member in ipairs(ARGV) do
  scored[#scored + 1] = first + index
  scored[#scored + 1] = member
  if #scored == 2000 then
    redis.call('ZADD', KEYS[1], unpack(scored))
    scored = {}
  end
end
if #scored > 0 then redis.call('ZADD', KEYS[1], unpack(scored)) end
return count
`;
