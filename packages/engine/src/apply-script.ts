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
 * Returns: { version, outcome per event ('a' applied, 'd' duplicate, 's' superseded,
 *          'o' a relative change older than the settle horizon, refused and not remembered), then each position's fields }
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

-- The absolute value a base stands on: itself, or for a folded base the one it grew from ({ -1 } when none).
local function originOf(base)
  if base[5] ~= nil then return { base[5], base[6], base[7] } end
  return { base[2], base[3], base[4] }
end

-- base: [value, timeMs, sequence, key] (+ [originTimeMs, originSequence, originKey] once folded)
local function covered(position, counter, t, s, k)
  local raw = redis.call('HGET', position, 'b:' .. counter)
  if not raw then return false end
  local base = cjson.decode(raw)
  return compare(base[2], base[3], base[4], t, s, k) >= 0
end

-- Drops pending changes that absolute values now cover, and folds changes older than the settle horizon into
-- the absolute values: nothing that old can still arrive, and a position must not grow without bound. The fold
-- takes the old changes oldest first, whatever order they arrived in: folding a later change first would move the
-- base past an earlier one, which would then look covered and be dropped (relative changes must commute).
local function tidy(position)
  local fields = redis.call('HGETALL', position)
  local settleBefore = now - settleHorizon
  local foldable = {}
  for index = 1, #fields, 2 do
    local field = fields[index]
    if string.sub(field, 1, 2) == 'd:' then
      local delta = cjson.decode(fields[index + 1])
      local remaining = false
      for counter, _ in pairs(delta[4]) do
        if not covered(position, counter, delta[1], delta[2], delta[3]) then remaining = true end
      end
      if not remaining then
        redis.call('HDEL', position, field)
      elseif delta[1] < settleBefore then
        foldable[#foldable + 1] = { field = field, delta = delta }
      end
    end
  end
  table.sort(foldable, function(a, b)
    return compare(a.delta[1], a.delta[2], a.delta[3], b.delta[1], b.delta[2], b.delta[3]) < 0
  end)
  for _, entry in ipairs(foldable) do
    local t, s, k, changes = entry.delta[1], entry.delta[2], entry.delta[3], entry.delta[4]
    for counter, change in pairs(changes) do
      if not covered(position, counter, t, s, k) then
        local raw = redis.call('HGET', position, 'b:' .. counter)
        local value, origin = 0, { -1, 0, '' }
        if raw then
          local base = cjson.decode(raw)
          value, origin = base[1], originOf(base)
        end
        -- Not covered, so the base (if any) is older: the folded value now stands at this change's time, and
        -- remembers the absolute value it grew from (fields 5-7), which alone says what a late change is covered by.
        redis.call('HSET', position, 'b:' .. counter, cjson.encode({ value + change, t, s, k, origin[1], origin[2], origin[3] }))
      end
    end
    redis.call('HDEL', position, entry.field)
  end
end

-- A relative change older than the settle horizon that no absolute value covers would count on top of a base
-- that may already include later changes folded past it: it cannot be placed, so it is refused, visibly.
-- A folded base's own time is that of the newest change folded into it, so only the absolute value it grew from
-- says whether a late change is really covered (a snapshot taken after it) or would have counted.
local function genuinelyCovered(position, counter, t, s, k)
  local raw = redis.call('HGET', position, 'b:' .. counter)
  if not raw then return false end
  local origin = originOf(cjson.decode(raw))
  if origin[1] == -1 then return false end
  return compare(origin[1], origin[2], origin[3], t, s, k) >= 0
end

local function tooOld(event)
  if event.t >= now - settleHorizon then return false end
  for _, effect in ipairs(event.e) do
    for counter, change in pairs(effect.c) do
      if change ~= 0 and not genuinelyCovered(KEYS[3 + effect.p], counter, event.t, event.s, event.k) then
        return true
      end
    end
  end
  return false
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
  elseif tooOld(event) then
    outcome = 'o'
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
