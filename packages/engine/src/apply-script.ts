/**
 * Applies a batch of one SKU's events atomically. The event semantics (which counters an event changes) are
 * computed in TypeScript by the model's `eventEffects`; this script only keeps the storage algorithm the model's
 * `applyEffect` defines: per counter the newest absolute value, plus every relative change after it. A property
 * test runs this script and the model side by side on random, duplicated, shuffled batches.
 *
 * The work an event costs does not depend on how many changes are pending (defect #23.1): each position keeps,
 * beside its absolute values, the running sum of its pending changes per counter (`n:`), and an index of the
 * pending changes in event order, so a new absolute value retires exactly the changes it covers and the fold
 * takes exactly the changes past the settle horizon, oldest first. Every pending change is indexed once and
 * retired once; nothing is rescanned. Each position hash is read once per call (its few fields: absolute values,
 * sums, incoming dates), worked on in the script's memory and written back once, and the reply is built from that.
 *
 * One call applies one or more SKUs' batches, one after the other (each SKU's keys in one slot; several SKUs in
 * one call only where their keys may share a script: one Redis Cluster slot, or a single Redis).
 * KEYS: per SKU: version, seen, ledger, then per position its events change: position hash, pending hash, pending
 *       index, then per position only read (to answer it): position hash
 * ARGV: seen retention ms, settle horizon ms, ledger retention ms, folds per call, the input JSON, then each
 *       event's ledger fields JSON, one argument per event in the order of the input's events
 * Input: one flat JSON array, per SKU part in the order of their keys: positions of this SKU, those its events
 *        change (the first ones), its number of events, then per event: key, timeMs, sequence, number of effects,
 *        then per effect: position index (1-based), {counter: change}, {counter: value}, {reference: expectedAt}
 *        (each 0 when empty: a table less for cjson to build)
 * Returns one flat list, per part: version, outcome per event ('a' applied, 'd' duplicate, 's' superseded,
 *          'o' a relative change older than the settle horizon, refused and not remembered), then per position
 *          the number of its hash's fields and values, then those as HGETALL lists them (absolute values, pending
 *          sums, incoming dates: never the pending changes themselves)
 *
 * Position hash: `b:<counter>` [value, timeMs, sequence, key] (+ [originTimeMs, originSequence, originKey] once
 * folded), `n:<counter>` sum of the counter's pending changes, `i:<reference>` [expectedAt, timeMs, sequence, key],
 * `oldest` no pending change is older than this time (ms; 'none': nothing pending), so a call folds without
 * scanning the index (absent in a position written before it: read once from the index)
 * (a position written by an earlier version may still hold its pending changes as `d:<key>` fields: the first call
 * that reads it moves them). Pending hash: key → [timeMs, sequence, key, {counter: change}].
 * Pending index (sorted set, by member bytes): `t\\0<order>` per change, `c\\0<counter>\\0<order>` per counter it
 * changes, where <order> spells (time, sequence, key) so that byte order is event order.
 */
export const applyScript = `
local seenRetention = tonumber(ARGV[1])
local settleHorizon = tonumber(ARGV[2])
local ledgerRetention = tonumber(ARGV[3])
local foldBudget = tonumber(ARGV[4])
-- One flat JSON array (see the header): cjson builds a table per JSON object or array, and a table costs about as
-- much as a Redis command, so the events are read by position and only their changes, absolute values and
-- incoming dates are tables.
local input = cjson.decode(ARGV[5])
local cursor = 1
-- Each event's ledger line is an argument of its own, not a string inside the parts JSON: cjson would unescape
-- every quote of it, and the script only ever copies it into the ledger.
local ledgerArgument = 5
-- Where the keys of the SKU being applied start: each SKU has version, seen, ledger, then three per position its
-- events change (position, pending, index) and one per position it only reads.
local keyBase = 0
local changedPositions = 0
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
-- Numbers given to redis.call are formatted with sprintf each time: the ones every event passes are strings once
-- (and constants are written as strings).
local nowString = tostring(now)
local settleBefore = now - settleHorizon
-- Every SKU trims its seen set by the same bound: formatted once (a number formats with sprintf, per use).
local seenBefore = '(' .. tostring(now - seenRetention)

-- What an effect's left-out changes, absolute values or incoming dates stand for (never written to).
local none = {}

local function compare(a1, a2, a3, b1, b2, b3)
  if a1 ~= b1 then return a1 < b1 and -1 or 1 end
  if a2 ~= b2 then return a2 < b2 and -1 or 1 end
  if a3 == b3 then return 0 end
  return a3 < b3 and -1 or 1
end

local function positionKeys(p)
  if p > changedPositions then return KEYS[keyBase + 3 + 3 * changedPositions + p - changedPositions] end
  local first = keyBase + 3 + 3 * p - 2
  return KEYS[first], KEYS[first + 1], KEYS[first + 2]
end

-- Fixed-width digits (times shifted past zero), so comparing the strings byte by byte is comparing the events.
local orderWidth = 36
local function timeString(t) return string.format('%017d', t + 1e15) end
-- Sequences repeat (most events have none, 0): each is formatted (sprintf) once per call.
local sequenceTexts = {}
local function sequenceString(s)
  local text = sequenceTexts[s]
  if text == nil then
    text = string.format('%017d', s)
    sequenceTexts[s] = text
  end
  return text
end
local function orderString(t, s, k) return timeString(t) .. '\\0' .. sequenceString(s) .. '\\0' .. k end
local function counterPrefix(counter) return 'c\\0' .. counter .. '\\0' end

-- The absolute value a base stands on: itself, or for a folded base the one it grew from ({ -1 } when none).
local function originOf(base)
  if base[5] ~= nil then return { base[5], base[6], base[7] } end
  return { base[2], base[3], base[4] }
end

-- Each position hash as this call sees it: read once, changed here, written back once at the end. Every Lua table
-- costs about as much as a Redis command here (allocation and garbage collection), so a state holds few: its fields,
-- one table of what changed (true: written, false: removed), and decoded bases only once one is read.
local positions = {}
local function setField(state, field, value)
  state.fields[field] = value
  state.dirty[field] = true
end
local function removeField(state, field)
  state.fields[field] = nil
  state.dirty[field] = false
end

local upgrade
local function positionState(p)
  local state = positions[p]
  if state then return state end
  -- Only positions the events change have a state: a position only read goes back to the caller as HGETALL read it
  -- (see applySku), its format-1 changes left where they are (it has no pending keys in this call).
  local raw = redis.call('HGETALL', (positionKeys(p)))
  local fields, dirty = {}, {}
  state = { raw = raw, fields = fields, dirty = dirty, bases = nil, active = false }
  positions[p] = state
  -- 'oldest': no pending change of the position is older than this time (ms), or 'none' pending; absent where
  -- unknown (a position written before the field existed), which its next fold finds out from the index.
  local legacy
  for index = 1, #raw, 2 do
    local field = raw[index]
    -- 'd:' by its bytes (100, 58): string.sub would make a string per field.
    if string.byte(field, 1) == 100 and string.byte(field, 2) == 58 then
      legacy = legacy or {}
      legacy[#legacy + 1] = raw[index + 1]
      dirty[field] = false
    else
      fields[field] = raw[index + 1]
    end
  end
  -- A position with no hash yet has nothing pending (one from before the field whose pending changes summed to zero
  -- everywhere has them folded once its next change passes the horizon: a fold changes no quantity).
  local oldest = fields.oldest
  if #raw == 0 or oldest == 'none' then state.oldest = math.huge else state.oldest = tonumber(oldest) end
  if legacy then upgrade(p, legacy) end
  return state
end

local function setOldest(state, t)
  state.oldest = t
  setField(state, 'oldest', t == math.huge and 'none' or string.format('%d', t))
end

local function readBase(p, counter)
  local state = positionState(p)
  local bases = state.bases
  local base = bases and bases[counter]
  if base == nil then
    -- Most positions have no absolute value of most counters: nothing to decode, nothing to remember.
    local raw = state.fields['b:' .. counter]
    if not raw then return nil end
    base = cjson.decode(raw)
    if not bases then
      bases = {}
      state.bases = bases
    end
    bases[counter] = base
  end
  return base
end

local function writeBase(p, counter, base)
  local state = positionState(p)
  if not state.bases then state.bases = {} end
  state.bases[counter] = base
  setField(state, 'b:' .. counter, cjson.encode(base))
end

local function covered(p, counter, t, s, k)
  local base = readBase(p, counter)
  return base ~= nil and compare(base[2], base[3], base[4], t, s, k) >= 0
end

local function addToSum(p, counter, change)
  local state = positionState(p)
  local sum = (tonumber(state.fields['n:' .. counter]) or 0) + change
  if sum == 0 then removeField(state, 'n:' .. counter) else setField(state, 'n:' .. counter, string.format('%.17g', sum)) end
end

-- The pending hash's field for the change is written by the caller (HSETNX: its answer is the duplicate check).
local function addPending(p, t, s, k, changes)
  local _, _, index = positionKeys(p)
  local order = orderString(t, s, k)
  -- Most changes change one counter: its ZADD takes the members as they are, no table to build and unpack.
  local first, members
  for counter, change in pairs(changes) do
    local member = counterPrefix(counter) .. order
    if first == nil then
      first = member
    else
      members = members or { '0', 't\\0' .. order, '0', first }
      members[#members + 1] = '0'
      members[#members + 1] = member
    end
    addToSum(p, counter, change)
  end
  if members then
    redis.call('ZADD', index, unpack(members))
  else
    redis.call('ZADD', index, '0', 't\\0' .. order, '0', first)
  end
  -- Kept a bound (a change retired later leaves it low): the fold that scans past it sets it exactly again.
  local state = positionState(p)
  if state.oldest ~= nil and t < state.oldest then setOldest(state, t) end
end

-- A position written by an earlier version keeps its pending changes in its own hash ('d:<key>' fields): moved once, on
-- its first read here.
upgrade = function(p, legacy)
  for _, raw in ipairs(legacy) do
    local delta = cjson.decode(raw)
    local uncovered, any = {}, false
    for counter, change in pairs(delta[4]) do
      if not covered(p, counter, delta[1], delta[2], delta[3]) then
        uncovered[counter] = change
        any = true
      end
    end
    if any then
      local _, pending = positionKeys(p)
      redis.call('HSET', pending, delta[3], cjson.encode({ delta[1], delta[2], delta[3], uncovered }))
      addPending(p, delta[1], delta[2], delta[3], uncovered)
    end
  end
end

-- Takes one counter out of a pending change (covered or folded); the change goes when no counter is left.
local function retire(p, key, counter)
  local _, pending, index = positionKeys(p)
  local raw = redis.call('HGET', pending, key)
  if not raw then return end
  local delta = cjson.decode(raw)
  local change = delta[4][counter]
  if change == nil then return end
  addToSum(p, counter, -change)
  delta[4][counter] = nil
  if next(delta[4]) == nil then
    redis.call('HDEL', pending, key)
    redis.call('ZREM', index, 't\\0' .. orderString(delta[1], delta[2], delta[3]))
  else
    redis.call('HSET', pending, key, cjson.encode(delta))
  end
end

-- A new absolute value of a counter accounts for every pending change of it that happened up to its own time.
local function cover(p, counter, t, s, k)
  local _, _, index = positionKeys(p)
  local prefix = counterPrefix(counter)
  local upTo = '[' .. prefix .. orderString(t, s, k)
  local members = redis.call('ZRANGEBYLEX', index, '[' .. prefix, upTo)
  if #members == 0 then return end
  for _, member in ipairs(members) do retire(p, string.sub(member, #prefix + orderWidth + 1), counter) end
  redis.call('ZREMRANGEBYLEX', index, '[' .. prefix, upTo)
end

-- Folds changes older than the settle horizon into the absolute values: nothing that old can still arrive, and a
-- position must not grow without bound. Oldest first, whatever order they arrived in: folding a later change first
-- would move the base past an earlier one, which would then look covered (relative changes must commute). A fold
-- keeps the quantity as it is, so a call folds at most its budget and the position's next changes fold the rest.
local function timeOfMember(member) return tonumber(string.sub(member, 3, 19)) - 1e15 end
local function fold(p)
  if foldBudget <= 0 then return end
  local state = positionState(p)
  -- The position's oldest pending change says whether anything is old enough to fold: no scan of the index
  -- per call. Unknown (a position from before the field), it is read once from the index.
  if state.oldest == nil then
    local _, _, index = positionKeys(p)
    local first = redis.call('ZRANGEBYLEX', index, '[t\\0', '+', 'LIMIT', '0', '1')[1]
    setOldest(state, first and timeOfMember(first) or math.huge)
  end
  if state.oldest >= settleBefore then return end
  local _, pending, index = positionKeys(p)
  local budget = foldBudget
  local members = redis.call('ZRANGEBYLEX', index, '[t\\0', '(t\\0' .. timeString(settleBefore), 'LIMIT', '0', budget)
  if #members == 0 then
    local first = redis.call('ZRANGEBYLEX', index, '[t\\0', '+', 'LIMIT', '0', '1')[1]
    setOldest(state, first and timeOfMember(first) or math.huge)
    return
  end
  foldBudget = foldBudget - #members
  for _, member in ipairs(members) do
    local raw = redis.call('HGET', pending, string.sub(member, 3 + orderWidth))
    if raw then
      local delta = cjson.decode(raw)
      local t, s, k = delta[1], delta[2], delta[3]
      for counter, change in pairs(delta[4]) do
        local base = readBase(p, counter)
        local value, origin = 0, { -1, 0, '' }
        if base then value, origin = base[1], originOf(base) end
        -- The base is older (the change was pending): the folded value now stands at this change's time, and
        -- remembers the absolute value it grew from (fields 5-7), which alone says what a late change is covered by.
        writeBase(p, counter, { value + change, t, s, k, origin[1], origin[2], origin[3] })
        addToSum(p, counter, -change)
        redis.call('ZREM', index, counterPrefix(counter) .. orderString(t, s, k))
      end
      redis.call('HDEL', pending, k)
    end
  end
  redis.call('ZREM', index, unpack(members))
  -- All that was old enough went: the oldest is what is left. With the budget spent, more may be as old, and
  -- none older than the last one folded.
  if #members < budget then
    local first = redis.call('ZRANGEBYLEX', index, '[t\\0', '+', 'LIMIT', '0', '1')[1]
    setOldest(state, first and timeOfMember(first) or math.huge)
  else
    setOldest(state, timeOfMember(members[#members]))
  end
end

-- A relative change older than the settle horizon that no absolute value covers would count on top of a base
-- that may already include later changes folded past it: it cannot be placed, so it is refused, visibly.
-- A folded base's own time is that of the newest change folded into it, so only the absolute value it grew from
-- says whether a late change is really covered (a snapshot taken after it) or would have counted.
local function genuinelyCovered(p, counter, t, s, k)
  local base = readBase(p, counter)
  if base == nil then return false end
  local origin = originOf(base)
  if origin[1] == -1 then return false end
  return compare(origin[1], origin[2], origin[3], t, s, k) >= 0
end

-- Effects are read in place: effect j of an event is input[first + 4 * j .. first + 4 * j + 3] (position, changes,
-- absolute values, incoming dates; 0 where empty).
local function effectAt(first, j)
  local at = first + 4 * j
  local changes, absolute, incoming = input[at + 1], input[at + 2], input[at + 3]
  return input[at], changes ~= 0 and changes or nil, absolute ~= 0 and absolute or nil, incoming ~= 0 and incoming or nil
end

local function tooOld(t, s, k, first, effectCount)
  if t >= settleBefore then return false end
  for j = 0, effectCount - 1 do
    local p, changes = effectAt(first, j)
    for counter, change in pairs(changes or none) do
      if change ~= 0 and not genuinelyCovered(p, counter, t, s, k) then return true end
    end
  end
  return false
end

-- The effect's own changes when none is covered (the usual case, and never changed by the caller): a table less.
local function uncoveredChanges(p, changes, t, s, k)
  if changes == nil then return nil end
  local all, any = true, false
  for counter, change in pairs(changes) do
    if change ~= 0 and not covered(p, counter, t, s, k) then any = true else all = false end
  end
  if all then return any and changes or nil end
  if not any then return nil end
  local uncovered = {}
  for counter, change in pairs(changes) do
    if change ~= 0 and not covered(p, counter, t, s, k) then uncovered[counter] = change end
  end
  return uncovered
end

local function applyEffect(p, changes, absolute, incoming, t, s, k)
  local state = positionState(p)
  local _, pending = positionKeys(p)
  -- An effect without absolute values changes nothing before its pending change is recorded, so when it has one
  -- the HSETNX that records it is also the duplicate check (one command instead of HEXISTS then HSET). An effect
  -- with absolute values must know it is no duplicate before it moves a base, so it asks first.
  local uncovered
  if absolute == nil then
    uncovered = uncoveredChanges(p, changes, t, s, k)
    if uncovered then
      if redis.call('HSETNX', pending, k, cjson.encode({ t, s, k, uncovered })) == 0 then return 'd' end
    elseif redis.call('HEXISTS', pending, k) == 1 then
      return 'd'
    end
  elseif redis.call('HEXISTS', pending, k) == 1 then
    return 'd'
  end
  local changed, sameAbsolute, recordOnly = false, false, changes == nil
  for counter, value in pairs(absolute or none) do
    recordOnly = false
    local base = readBase(p, counter)
    local order = 1
    if base then order = compare(t, s, k, base[2], base[3], base[4]) end
    if order == 0 then sameAbsolute = true end
    if order > 0 then
      writeBase(p, counter, { value, t, s, k })
      cover(p, counter, t, s, k)
      changed = true
    end
  end
  for reference, expectedAt in pairs(incoming or none) do
    local raw = state.fields['i:' .. reference]
    local newer = true
    if raw then
      local known = cjson.decode(raw)
      newer = compare(t, s, k, known[2], known[3], known[4]) > 0
    end
    if newer then setField(state, 'i:' .. reference, cjson.encode({ expectedAt, t, s, k })) end
  end
  if absolute ~= nil then
    -- Computed after the absolute values moved their bases: a change this event's own snapshot covers is not pending.
    uncovered = uncoveredChanges(p, changes, t, s, k)
    if uncovered then redis.call('HSET', pending, k, cjson.encode({ t, s, k, uncovered })) end
  end
  if uncovered then
    addPending(p, t, s, k, uncovered)
    changed = true
  end
  if changed then
    state.active = true
    return 'a'
  end
  if recordOnly then return 'a' end
  if sameAbsolute then return 'd' end
  return 's'
end

-- The reply, one flat list (see the header): a nested table per position cost Redis a conversion of its own.
local reply = {}
local replyLength = 0
local function answer(value)
  replyLength = replyLength + 1
  reply[replyLength] = value
end
local function answerHash(flat)
  answer(#flat)
  for index = 1, #flat do answer(flat[index]) end
end

-- Writes a position back: one HSET of what changed, HDELs of what went (in bounded groups: a format-1 position may
-- have had many changes), and answers its fields as HGETALL would.
local function writeBack(p)
  local state = positions[p]
  -- A position the events left as it was goes back as read, without rebuilding the list from the fields.
  if next(state.dirty) == nil then return answerHash(state.raw) end
  local position = positionKeys(p)
  -- Most calls change one or two fields of a position (a sum, the oldest time): written without a table.
  local firstField, secondField, moreValues
  local gone
  for field, written in pairs(state.dirty) do
    if written then
      if firstField == nil then
        firstField = field
      elseif secondField == nil then
        secondField = field
      else
        moreValues = moreValues or {}
        moreValues[#moreValues + 1] = field
        moreValues[#moreValues + 1] = state.fields[field]
      end
    else
      gone = gone or {}
      gone[#gone + 1] = field
      if #gone == 1000 then
        redis.call('HDEL', position, unpack(gone))
        gone = {}
      end
    end
  end
  local fields = state.fields
  if moreValues then
    redis.call('HSET', position, firstField, fields[firstField], secondField, fields[secondField], unpack(moreValues))
  elseif secondField then
    redis.call('HSET', position, firstField, fields[firstField], secondField, fields[secondField])
  elseif firstField then
    redis.call('HSET', position, firstField, fields[firstField])
  end
  if gone and #gone > 0 then redis.call('HDEL', position, unpack(gone)) end
  local countAt = replyLength + 1
  answer(0)
  for field, value in pairs(fields) do
    answer(field)
    answer(value)
  end
  reply[countAt] = replyLength - countAt
end

local function applySku(eventCount, positionCount)
  local versionKey, seenKey, ledgerKey = KEYS[keyBase + 1], KEYS[keyBase + 2], KEYS[keyBase + 3]
  positions = {}
  -- The outcome codes as a string, the first ledger line in a local: most SKUs of a call have one event, and a
  -- table per SKU costs about as much as a command (built, grown, then collected).
  local codes = ''
  local outcomes = eventCount > 1 and {} or nil
  local firstLine, moreLines
  local anyApplied = false
  for index = 1, eventCount do
    local k, t, s, effectCount = input[cursor], input[cursor + 1], input[cursor + 2], input[cursor + 3]
    local first = cursor + 4
    cursor = first + 4 * effectCount
    local outcome
    ledgerArgument = ledgerArgument + 1
    -- A refused event is not remembered, so it must be known before the key is: tooOld only reads positions, which
    -- this call reads anyway. An event that is not refused is remembered with ZADD NX, whose answer is also the
    -- duplicate check (one command instead of ZSCORE then ZADD; a key already seen keeps its first score, as before).
    if tooOld(t, s, k, first, effectCount) then
      outcome = redis.call('ZSCORE', seenKey, k) and 'd' or 'o'
    elseif redis.call('ZADD', seenKey, 'NX', nowString, k) == 0 then
      outcome = 'd'
    else
      local applied, duplicate = false, false
      for j = 0, effectCount - 1 do
        local p, changes, absolute, incoming = effectAt(first, j)
        local effectOutcome = applyEffect(p, changes, absolute, incoming, t, s, k)
        if effectOutcome == 'a' then applied = true elseif effectOutcome == 'd' then duplicate = true end
      end
      outcome = applied and 'a' or (duplicate and 'd' or 's')
      if applied then
        anyApplied = true
        local line = nowString .. '|' .. outcome .. '|' .. ARGV[ledgerArgument]
        if firstLine == nil then
          firstLine = line
        else
          moreLines = moreLines or { firstLine }
          moreLines[#moreLines + 1] = line
        end
      end
    end
    if outcomes then outcomes[index] = outcome else codes = outcome end
  end
  if outcomes then codes = table.concat(outcomes, '') end
  -- A list, not a stream: a stream preallocates kilobytes per key, and every SKU has its own ledger. One RPUSH for
  -- the SKU's lines (in bounded groups), in event order as before.
  -- RPUSH answers the list's length: equal to the lines pushed, the ledger holds only this call's lines.
  local pushed, ledgerLength = 0, 0
  if moreLines then
    for first = 1, #moreLines, 1000 do
      local last = math.min(first + 999, #moreLines)
      ledgerLength = redis.call('RPUSH', ledgerKey, unpack(moreLines, first, last))
      pushed = pushed + last - first + 1
    end
  elseif firstLine then
    ledgerLength = redis.call('RPUSH', ledgerKey, firstLine)
    pushed = 1
  end
  for p = 1, positionCount do
    if positions[p] and positions[p].active then fold(p) end
  end
  redis.call('ZREMRANGEBYSCORE', seenKey, '-inf', seenBefore)
  -- Entries are appended in time order, so expired ones are at the head; a few per call keeps each call short. A
  -- ledger of only this call's lines (written now) has nothing expired: its head is not read.
  for _ = 1, (pushed > 0 and ledgerLength == pushed) and 0 or 16 do
    local head = redis.call('LINDEX', ledgerKey, '0')
    if not head or tonumber(string.match(head, '^(%d+)|')) >= now - ledgerRetention then break end
    redis.call('LPOP', ledgerKey)
  end
  local version
  if anyApplied then version = redis.call('INCR', versionKey) else version = tonumber(redis.call('GET', versionKey) or '0') end
  -- The positions as they are now, so the caller projects from exactly this version without reading them again.
  answer(version)
  answer(codes)
  for p = 1, changedPositions do
    positionState(p)
    writeBack(p)
  end
  for p = changedPositions + 1, positionCount do answerHash(redis.call('HGETALL', (positionKeys(p)))) end
end

-- One call may apply several SKUs (those of one Redis Cluster slot, or any on a single Redis): one round trip and
-- one script run for many SKUs, each SKU's part exactly as if it were alone.
while cursor <= #input do
  local positionCount, eventCount = input[cursor], input[cursor + 2]
  changedPositions = input[cursor + 1]
  cursor = cursor + 3
  applySku(eventCount, positionCount)
  keyBase = keyBase + 3 + 3 * changedPositions + positionCount - changedPositions
end
return reply
`;
