/**
 * Applies a batch of one SKU's events atomically. The event semantics (which counters an event changes) are
 * computed in TypeScript by the model's `eventEffects`; this script only keeps the storage algorithm the model's
 * `applyEffect` defines: per counter the newest absolute value, plus every relative change after it. A property
 * test runs this script and the model side by side on random, duplicated, shuffled batches.
 *
 * KEYS: version, seen, ledger, position 1..n
 * ARGV: seen retention ms, settle horizon ms, ledger retention ms, batch JSON
 * Batch: [{ k: key, t: timeMs, s: sequence, l: ledger fields JSON, e: [{ p: position index,
 *          c: {counter: change}, a: {counter: value}, i: {reference: expectedAt} }] }]
 * Returns: { version, outcome per event ('a' applied, 'd' duplicate, 's' superseded), then each position's fields }
 */
export const applyScript = `
local versionKey, seenKey, ledgerKey = KEYS[1], KEYS[2], KEYS[3]
local seenRetention = tonumber(ARGV[1])
local settleHorizon = tonumber(ARGV[2])
local ledgerRetention = tonumber(ARGV[3])
local batch = cjson.decode(ARGV[4])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local function compare(a1, a2, a3, b1, b2, b3)
  if a1 ~= b1 then return a1 < b1 and -1 or 1 end
  if a2 ~= b2 then return a2 < b2 and -1 or 1 end
  if a3 == b3 then return 0 end
  return a3 < b3 and -1 or 1
end

-- base: [value, timeMs, sequence, key]
local function covered(position, counter, t, s, k)
  local raw = redis.call('HGET', position, 'b:' .. counter)
  if not raw then return false end
  local base = cjson.decode(raw)
  return compare(base[2], base[3], base[4], t, s, k) >= 0
end

-- Drops pending changes that absolute values now cover, and folds changes older than the settle horizon into
-- the absolute values: nothing that old can still arrive, and a position must not grow without bound.
local function tidy(position)
  local fields = redis.call('HGETALL', position)
  local settleBefore = now - settleHorizon
  for index = 1, #fields, 2 do
    local field = fields[index]
    if string.sub(field, 1, 2) == 'd:' then
      local delta = cjson.decode(fields[index + 1])
      local t, s, k, changes = delta[1], delta[2], delta[3], delta[4]
      local remaining = false
      for counter, _ in pairs(changes) do
        if not covered(position, counter, t, s, k) then remaining = true end
      end
      if not remaining then
        redis.call('HDEL', position, field)
      elseif t < settleBefore then
        for counter, change in pairs(changes) do
          if not covered(position, counter, t, s, k) then
            local raw = redis.call('HGET', position, 'b:' .. counter)
            local value, bt, bs, bk = 0, t, s, k
            if raw then
              local base = cjson.decode(raw)
              value = base[1]
              if compare(base[2], base[3], base[4], t, s, k) > 0 then bt, bs, bk = base[2], base[3], base[4] end
            end
            redis.call('HSET', position, 'b:' .. counter, cjson.encode({ value + change, bt, bs, bk }))
          end
        end
        redis.call('HDEL', position, field)
      end
    end
  end
end

local function applyEffect(position, effect, t, s, k)
  if redis.call('HEXISTS', position, 'd:' .. k) == 1 then return 'd' end
  local changed, sameAbsolute, recordOnly = false, false, true
  for counter, value in pairs(effect.a) do
    recordOnly = false
    local raw = redis.call('HGET', position, 'b:' .. counter)
    local order = 1
    if raw then
      local base = cjson.decode(raw)
      order = compare(t, s, k, base[2], base[3], base[4])
    end
    if order == 0 then sameAbsolute = true end
    if order > 0 then
      redis.call('HSET', position, 'b:' .. counter, cjson.encode({ value, t, s, k }))
      changed = true
    end
  end
  for reference, expectedAt in pairs(effect.i) do
    local raw = redis.call('HGET', position, 'i:' .. reference)
    local newer = true
    if raw then
      local known = cjson.decode(raw)
      newer = compare(t, s, k, known[2], known[3], known[4]) > 0
    end
    if newer then redis.call('HSET', position, 'i:' .. reference, cjson.encode({ expectedAt, t, s, k })) end
  end
  local uncovered, hasUncovered = {}, false
  for counter, change in pairs(effect.c) do
    recordOnly = false
    if change ~= 0 and not covered(position, counter, t, s, k) then
      uncovered[counter] = change
      hasUncovered = true
    end
  end
  if hasUncovered then
    redis.call('HSET', position, 'd:' .. k, cjson.encode({ t, s, k, uncovered }))
    changed = true
  end
  if changed then
    tidy(position)
    return 'a'
  end
  if recordOnly then return 'a' end
  if sameAbsolute then return 'd' end
  return 's'
end

local outcomes = {}
local anyApplied = false
for index, event in ipairs(batch) do
  local outcome
  if redis.call('ZSCORE', seenKey, event.k) then
    outcome = 'd'
  else
    local applied, duplicate = false, false
    for _, effect in ipairs(event.e) do
      local effectOutcome = applyEffect(KEYS[3 + effect.p], effect, event.t, event.s, event.k)
      if effectOutcome == 'a' then applied = true elseif effectOutcome == 'd' then duplicate = true end
    end
    outcome = applied and 'a' or (duplicate and 'd' or 's')
    redis.call('ZADD', seenKey, now, event.k)
    if applied then
      anyApplied = true
      -- A list, not a stream: a stream preallocates kilobytes per key, and every SKU has its own ledger.
      redis.call('RPUSH', ledgerKey, tostring(now) .. '|' .. outcome .. '|' .. event.l)
    end
  end
  outcomes[index] = outcome
end
redis.call('ZREMRANGEBYSCORE', seenKey, '-inf', '(' .. tostring(now - seenRetention))
-- Entries are appended in time order, so expired ones are at the head; a few per call keeps each call short.
for _ = 1, 16 do
  local head = redis.call('LINDEX', ledgerKey, 0)
  if not head or tonumber(string.match(head, '^(%d+)|')) >= now - ledgerRetention then break end
  redis.call('LPOP', ledgerKey)
end
local version
if anyApplied then version = redis.call('INCR', versionKey) else version = tonumber(redis.call('GET', versionKey) or '0') end
-- The positions as they are now, so the caller projects from exactly this version without reading them again.
local reply = { version, table.concat(outcomes, '') }
for index = 4, #KEYS do reply[#reply + 1] = redis.call('HGETALL', KEYS[index]) end
return reply
`;
