/**
 * Stores computed channel quantities only when they come from a newer state than the stored ones, so two
 * workers racing on one SKU can never leave the older value last. Then reports every channel whose computed
 * value differs from the last pushed one: those need a push, whichever worker won.
 *
 * One call projects many SKUs (those of one Redis Cluster slot, or any on a single Redis), each exactly as if it
 * were alone: a batch's projection is one round trip and one script run, not one per SKU.
 * KEYS: per SKU: computed hash, pushed hash
 * ARGV: per SKU, in the order of its keys: its number of channels, then per channel five arguments: channel,
 *       version, quantity, status, the JSON to store. Flat arguments, not one JSON document: decoding the stored
 *       JSON as a string inside JSON (every quote escaped) was a third of the script's time.
 * Returns: per SKU, one character per channel in the order of its arguments: '1' where it needs a push, else '0'.
 */
export const projectionScript = `
-- The version of a stored computed value: the projection writes it as JSON.stringify does, so it is found without
-- decoding the whole value (decoded when it is not there, as a value written otherwise would be).
local function storedVersion(raw)
  local version = string.match(raw, '"version":(%-?%d+)[,}]')
  if version then return tonumber(version) end
  return tonumber(cjson.decode(raw).version)
end

local reply = {}
local argument = 0
for index = 1, #KEYS / 2 do
  local computedKey, pushedKey = KEYS[2 * index - 1], KEYS[2 * index]
  local count = tonumber(ARGV[argument + 1])
  local first = argument + 1
  argument = first + 5 * count
  -- One character per channel, in the order of its arguments ('1': needs a push): a string, not a table per SKU.
  local needPush = ''
  if count > 0 then
    -- One read of each hash for all the SKU's channels, one write of those that changed: three commands per SKU.
    -- Most SKUs have one or two channels: their reads take the names as they are, no table to build and unpack.
    local stored, pushedValues
    if count == 1 then
      stored = redis.call('HMGET', computedKey, ARGV[first + 1])
      pushedValues = redis.call('HMGET', pushedKey, ARGV[first + 1])
    elseif count == 2 then
      stored = redis.call('HMGET', computedKey, ARGV[first + 1], ARGV[first + 6])
      pushedValues = redis.call('HMGET', pushedKey, ARGV[first + 1], ARGV[first + 6])
    else
      local channels = {}
      for position = 1, count do channels[position] = ARGV[first + 5 * position - 4] end
      stored = redis.call('HMGET', computedKey, unpack(channels))
      pushedValues = redis.call('HMGET', pushedKey, unpack(channels))
    end
    -- The values to write: their argument positions, the first two in locals (a table only past two).
    local firstWrite, secondWrite, moreWrites
    for position = 1, count do
      local at = first + 5 * (position - 1)
      local raw = stored[position]
      local quantity, status
      if not raw or storedVersion(raw) < tonumber(ARGV[at + 2]) then
        if firstWrite == nil then
          firstWrite = at
        elseif secondWrite == nil then
          secondWrite = at
        else
          moreWrites = moreWrites or {}
          moreWrites[#moreWrites + 1] = ARGV[at + 1]
          moreWrites[#moreWrites + 1] = ARGV[at + 5]
        end
        quantity, status = tonumber(ARGV[at + 3]), ARGV[at + 4]
      else
        local current = cjson.decode(raw)
        quantity, status = current.quantity, current.status
      end
      local pushedRaw = pushedValues[position]
      local pushed = pushedRaw and cjson.decode(pushedRaw) or nil
      if pushed == nil or pushed.quantity ~= quantity or pushed.status ~= status then
        needPush = needPush .. '1'
      else
        needPush = needPush .. '0'
      end
    end
    if moreWrites then
      redis.call('HSET', computedKey, ARGV[firstWrite + 1], ARGV[firstWrite + 5], ARGV[secondWrite + 1],
        ARGV[secondWrite + 5], unpack(moreWrites))
    elseif secondWrite then
      redis.call('HSET', computedKey, ARGV[firstWrite + 1], ARGV[firstWrite + 5], ARGV[secondWrite + 1],
        ARGV[secondWrite + 5])
    elseif firstWrite then
      redis.call('HSET', computedKey, ARGV[firstWrite + 1], ARGV[firstWrite + 5])
    end
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
