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
 * KEYS: per SKU: state hash, seen, ledger, the version key of the earlier layout, then per position its events
 *       change: pending hash, pending index, then (upgrading a SKU stored by the earlier layout) the earlier
 *       layout's position hash of each location in the part's `u`
 * ARGV: seen retention ms, settle horizon ms, ledger retention ms, folds per call, parts JSON, then each event's
 *       ledger fields JSON, one argument per event in the order of the parts' batches
 * Parts: [{ l: location of each position (the first w are those its events change, then those only read),
 *        w: how many its events change, b: batch, u: locations whose earlier-layout hashes are passed }], in the
 *        order of their keys.
 * Batch: [{ k: key, t: timeMs, s: sequence, e: [{ p: position index (1-based),
 *          c: {counter: change}, a: {counter: value}, i: {reference: expectedAt} }] }], where c, a and i are left
 *          out when empty (a table less for cjson to build per event)
 * Returns, per part: version, outcome per event ('a' applied, 'd' duplicate, 's' superseded,
 *          'o' a relative change older than the settle horizon, refused and not remembered), then the SKU's
 *          position fields, flat (`<location> <field>`, value: absolute values, pending sums, incoming dates,
 *          never the pending changes themselves); or, when a part's SKU is stored by the earlier layout and its
 *          call did not pass that layout's keys, { 'upgrade', index of each such part } and nothing is written.
 *
 * State hash (one per SKU, so a call reads a SKU with one HGETALL and writes it with one HSET): `format` (2),
 * `version` (incremented by every call that changes the SKU), `seen-oldest` (the time its oldest remembered
 * idempotency key was remembered) and `ledger-head` (the time of its ledger's first line), both 'none' when
 * there is none, so a call trims the seen set and the ledger only when something there has expired; then each
 * location's position fields as `<location> <field>` (location ids have no spaces). Written by the earlier
 * layout, a SKU had a version key and a position hash per location: moved here by its first call (the caller
 * passes those keys for every configured location when the script asks for them).
 *
 * Position fields: `b:<counter>` [value, timeMs, sequence, key] (+ [originTimeMs, originSequence, originKey] once
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
local parts = cjson.decode(ARGV[5])
-- Each event's ledger line is an argument of its own, not a string inside the parts JSON: cjson would unescape
-- every quote of it, and the script only ever copies it into the ledger.
local ledgerArgument = 5
-- Where the keys of the SKU being applied start: each SKU has its state hash, seen, ledger, the earlier layout's
-- version key, then two per position its events change (pending, index), then any earlier-layout position hashes.
local keyBase = 0
local changedPositions = 0
-- The location of each position of the SKU being applied, and its state hash as this call sees it.
local locations = {}
local sku
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
-- Numbers given to redis.call are formatted with sprintf each time: the ones every event passes are strings once.
local nowString = tostring(now)
local settleBefore = now - settleHorizon

-- What an effect's left-out changes, absolute values or incoming dates stand for (never written to).
local none = {}

local function compare(a1, a2, a3, b1, b2, b3)
  if a1 ~= b1 then return a1 < b1 and -1 or 1 end
  if a2 ~= b2 then return a2 < b2 and -1 or 1 end
  if a3 == b3 then return 0 end
  return a3 < b3 and -1 or 1
end

-- A position's pending hash and index (passed only for the positions the events change).
local function pendingKeys(p)
  local first = keyBase + 4 + 2 * p - 1
  return KEYS[first], KEYS[first + 1]
end

-- Fixed-width digits (times shifted past zero), so comparing the strings byte by byte is comparing the events.
local orderWidth = 36
local function timeString(t) return string.format('%017d', t + 1e15) end
local function orderString(t, s, k) return timeString(t) .. '\\0' .. string.format('%017d', s) .. '\\0' .. k end
local function counterPrefix(counter) return 'c\\0' .. counter .. '\\0' end

-- The absolute value a base stands on: itself, or for a folded base the one it grew from ({ -1 } when none).
local function originOf(base)
  if base[5] ~= nil then return { base[5], base[6], base[7] } end
  return { base[2], base[3], base[4] }
end

-- Each position as this call sees it: a view of its location's fields in the SKU's state hash (read once per
-- call, changed here, written back once at the end).
local positions = {}
local function setField(state, field, value)
  state.fields[field] = value
  state.changed[field] = true
  state.removed[field] = nil
end
local function removeField(state, field)
  state.fields[field] = nil
  state.changed[field] = nil
  state.removed[field] = true
end

local upgrade
local function positionState(p)
  local state = positions[p]
  if state then return state end
  local location = locations[p]
  local fields = sku.byLocation[location]
  if fields == nil then
    fields = {}
    sku.byLocation[location] = fields
  end
  state = { location = location, fields = fields, bases = {}, changed = {}, removed = {}, active = false }
  positions[p] = state
  -- 'oldest': no pending change of the position is older than this time (ms), or 'none' pending; absent where
  -- unknown (a position written before the field existed), which its next fold finds out from the index.
  local empty = next(fields) == nil
  local legacy = {}
  -- A position only read has no pending keys here: its format-1 changes stay where they are (read as they are).
  if p <= changedPositions then
    for field, value in pairs(fields) do
      if string.sub(field, 1, 2) == 'd:' then
        legacy[#legacy + 1] = value
        removeField(state, field)
      end
    end
  end
  -- A position with no fields yet has nothing pending (one from before the field whose pending changes summed to
  -- zero everywhere has them folded once its next change passes the horizon: a fold changes no quantity).
  local oldest = fields.oldest
  if empty or oldest == 'none' then state.oldest = math.huge else state.oldest = tonumber(oldest) end
  if #legacy > 0 then upgrade(p, legacy) end
  return state
end

local function setOldest(state, t)
  state.oldest = t
  setField(state, 'oldest', t == math.huge and 'none' or string.format('%d', t))
end

local function readBase(p, counter)
  local state = positionState(p)
  local base = state.bases[counter]
  if base == nil then
    local raw = state.fields['b:' .. counter]
    base = raw and cjson.decode(raw) or false
    state.bases[counter] = base
  end
  return base or nil
end

local function writeBase(p, counter, base)
  local state = positionState(p)
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
  local _, index = pendingKeys(p)
  local order = orderString(t, s, k)
  local members = { '0', 't\\0' .. order }
  for counter, change in pairs(changes) do
    members[#members + 1] = '0'
    members[#members + 1] = counterPrefix(counter) .. order
    addToSum(p, counter, change)
  end
  redis.call('ZADD', index, unpack(members))
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
      local pending = pendingKeys(p)
      redis.call('HSET', pending, delta[3], cjson.encode({ delta[1], delta[2], delta[3], uncovered }))
      addPending(p, delta[1], delta[2], delta[3], uncovered)
    end
  end
end

-- Takes one counter out of a pending change (covered or folded); the change goes when no counter is left.
local function retire(p, key, counter)
  local pending, index = pendingKeys(p)
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
  local _, index = pendingKeys(p)
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
    local _, index = pendingKeys(p)
    local first = redis.call('ZRANGEBYLEX', index, '[t\\0', '+', 'LIMIT', '0', '1')[1]
    setOldest(state, first and timeOfMember(first) or math.huge)
  end
  if state.oldest >= settleBefore then return end
  local pending, index = pendingKeys(p)
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

local function tooOld(event)
  if event.t >= settleBefore then return false end
  for _, effect in ipairs(event.e) do
    for counter, change in pairs(effect.c or none) do
      if change ~= 0 and not genuinelyCovered(effect.p, counter, event.t, event.s, event.k) then return true end
    end
  end
  return false
end

local function uncoveredChanges(p, effect, t, s, k)
  local uncovered, hasUncovered = {}, false
  for counter, change in pairs(effect.c or none) do
    if change ~= 0 and not covered(p, counter, t, s, k) then
      uncovered[counter] = change
      hasUncovered = true
    end
  end
  return hasUncovered and uncovered or nil
end

local function applyEffect(p, effect, t, s, k)
  local state = positionState(p)
  local pending = pendingKeys(p)
  -- An effect without absolute values changes nothing before its pending change is recorded, so when it has one
  -- the HSETNX that records it is also the duplicate check (one command instead of HEXISTS then HSET). An effect
  -- with absolute values must know it is no duplicate before it moves a base, so it asks first.
  local uncovered
  local absolute = effect.a
  if absolute == nil then
    uncovered = uncoveredChanges(p, effect, t, s, k)
    if uncovered then
      if redis.call('HSETNX', pending, k, cjson.encode({ t, s, k, uncovered })) == 0 then return 'd' end
    elseif redis.call('HEXISTS', pending, k) == 1 then
      return 'd'
    end
  elseif redis.call('HEXISTS', pending, k) == 1 then
    return 'd'
  end
  local changed, sameAbsolute, recordOnly = false, false, effect.c == nil
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
  for reference, expectedAt in pairs(effect.i or none) do
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
    uncovered = uncoveredChanges(p, effect, t, s, k)
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

-- A SKU's own fields (version, the trim times, the format marker): written with its positions' fields.
local function setOwn(name, value)
  sku.own[name] = value
  sku.ownChanged[name] = true
end

local function callInGroups(command, key, values, size)
  for first = 1, #values, size do
    redis.call(command, key, unpack(values, first, math.min(first + size - 1, #values)))
  end
end

-- Writes the SKU back: one HSET of what changed, one HDEL of what went (in bounded groups: a format-1 position may
-- have had many changes), and answers its positions' fields as HGETALL would.
local function writeSku(stateKey)
  local values, gone = {}, {}
  for name, _ in pairs(sku.ownChanged) do
    values[#values + 1] = name
    values[#values + 1] = sku.own[name]
  end
  -- A location moved from the earlier layout is written whole (as this call left it).
  for location, _ in pairs(sku.moved) do
    for field, value in pairs(sku.byLocation[location]) do
      values[#values + 1] = location .. ' ' .. field
      values[#values + 1] = value
    end
  end
  for _, state in pairs(positions) do
    if not sku.moved[state.location] then
      local prefix = state.location .. ' '
      for field, _ in pairs(state.changed) do
        values[#values + 1] = prefix .. field
        values[#values + 1] = state.fields[field]
      end
      for field, _ in pairs(state.removed) do gone[#gone + 1] = prefix .. field end
    end
  end
  -- Most SKUs a call reads only go back to the caller: answered as read, without rebuilding the list.
  if #values == 0 and #gone == 0 then return sku.raw end
  callInGroups('HSET', stateKey, values, 2000)
  callInGroups('HDEL', stateKey, gone, 1000)
  local flat = {}
  for location, fields in pairs(sku.byLocation) do
    for field, value in pairs(fields) do
      flat[#flat + 1] = location .. ' ' .. field
      flat[#flat + 1] = value
    end
  end
  return flat
end

local function timeOfLine(line) return tonumber(string.match(line, '^(%d+)|')) end

-- Trims the seen set and the ledger only when the time stored for their oldest entry says something expired
-- (by this call's retention, whatever retention wrote them): most calls run neither ZREMRANGEBYSCORE nor LINDEX.
local function trim(seenKey, ledgerKey)
  local seenBefore = now - seenRetention
  local oldestSeen = sku.own['seen-oldest']
  if oldestSeen ~= 'none' and tonumber(oldestSeen) < seenBefore then
    redis.call('ZREMRANGEBYSCORE', seenKey, '-inf', '(' .. string.format('%d', seenBefore))
    local first = redis.call('ZRANGE', seenKey, '0', '0', 'WITHSCORES')
    setOwn('seen-oldest', first[2] or 'none')
  end
  local ledgerBefore = now - ledgerRetention
  local head = sku.own['ledger-head']
  if head ~= 'none' and tonumber(head) < ledgerBefore then
    -- Lines are appended in time order, so expired ones are at the head; a few per call keeps each call short
    -- (after 16 the head stays marked as expired, and the SKU's next call goes on).
    local newHead = 'none'
    for _ = 1, 16 do
      local line = redis.call('LINDEX', ledgerKey, 0)
      if not line then
        newHead = 'none'
        break
      end
      newHead = string.format('%d', timeOfLine(line))
      if timeOfLine(line) >= ledgerBefore then break end
      redis.call('LPOP', ledgerKey)
    end
    setOwn('ledger-head', newHead)
  end
end

local function applySku(batch, reply)
  local stateKey, seenKey, ledgerKey = KEYS[keyBase + 1], KEYS[keyBase + 2], KEYS[keyBase + 3]
  positions = {}
  local outcomes = {}
  local ledgerLines = {}
  local anyApplied, anyRemembered = false, false
  for index, event in ipairs(batch) do
    local outcome
    ledgerArgument = ledgerArgument + 1
    -- A refused event is not remembered, so it must be known before the key is: tooOld only reads positions, which
    -- this call reads anyway. An event that is not refused is remembered with ZADD NX, whose answer is also the
    -- duplicate check (one command instead of ZSCORE then ZADD; a key already seen keeps its first score, as before).
    if tooOld(event) then
      outcome = redis.call('ZSCORE', seenKey, event.k) and 'd' or 'o'
    elseif redis.call('ZADD', seenKey, 'NX', nowString, event.k) == 0 then
      outcome = 'd'
    else
      anyRemembered = true
      local applied, duplicate = false, false
      for _, effect in ipairs(event.e) do
        local effectOutcome = applyEffect(effect.p, effect, event.t, event.s, event.k)
        if effectOutcome == 'a' then applied = true elseif effectOutcome == 'd' then duplicate = true end
      end
      outcome = applied and 'a' or (duplicate and 'd' or 's')
      if applied then
        anyApplied = true
        ledgerLines[#ledgerLines + 1] = nowString .. '|' .. outcome .. '|' .. ARGV[ledgerArgument]
      end
    end
    outcomes[index] = outcome
  end
  -- A list, not a stream: a stream preallocates kilobytes per key, and every SKU has its own ledger. One RPUSH for
  -- the SKU's lines (in bounded groups), in event order as before.
  callInGroups('RPUSH', ledgerKey, ledgerLines, 1000)
  -- The oldest entries' times only ever move back if the server's clock does.
  local function noLaterThanNow(name)
    local stored = sku.own[name]
    if stored == 'none' or tonumber(stored) > now then setOwn(name, nowString) end
  end
  if anyRemembered then noLaterThanNow('seen-oldest') end
  if #ledgerLines > 0 then noLaterThanNow('ledger-head') end
  for p = 1, #locations do
    if positions[p] and positions[p].active then fold(p) end
  end
  trim(seenKey, ledgerKey)
  local version = tonumber(sku.own.version)
  if anyApplied then
    version = version + 1
    setOwn('version', string.format('%d', version))
  end
  -- The positions as they are now, so the caller projects from exactly this version without reading them again.
  reply[#reply + 1] = version
  reply[#reply + 1] = table.concat(outcomes, '')
  reply[#reply + 1] = writeSku(stateKey)
end

-- A SKU's state hash split into its own fields and each location's ('<location> <field>').
local function loadSku(stateKey)
  local raw = redis.call('HGETALL', stateKey)
  local own, byLocation = {}, {}
  for index = 1, #raw, 2 do
    local field = raw[index]
    local space = string.find(field, ' ', 1, true)
    if space then
      local location = string.sub(field, 1, space - 1)
      local fields = byLocation[location]
      if fields == nil then
        fields = {}
        byLocation[location] = fields
      end
      fields[string.sub(field, space + 1)] = raw[index + 1]
    else
      own[field] = raw[index + 1]
    end
  end
  return { raw = raw, own = own, byLocation = byLocation, ownChanged = {}, moved = {} }
end

-- A SKU without the format marker is new, or stored by the earlier layout (a version key and a position hash per
-- location, which this call was given: u). The earlier keys are moved into the state hash and deleted, and the
-- times the trims go by are read once from the seen set and the ledger.
local function initialize(part, base)
  setOwn('format', '2')
  -- A new SKU: none of its version key, seen set and ledger exists (see below), so nothing is there to trim.
  if part.u == nil then
    setOwn('version', '0')
    setOwn('seen-oldest', 'none')
    setOwn('ledger-head', 'none')
    return
  end
  local seenKey, ledgerKey, versionKey = KEYS[base + 2], KEYS[base + 3], KEYS[base + 4]
  setOwn('version', redis.call('GET', versionKey) or '0')
  local earlierKeys = { versionKey }
  for index, location in ipairs(part.u) do
    local key = KEYS[base + 4 + 2 * part.w + index]
    earlierKeys[#earlierKeys + 1] = key
    local raw = redis.call('HGETALL', key)
    if #raw > 0 then
      local fields = {}
      for field = 1, #raw, 2 do fields[raw[field]] = raw[field + 1] end
      sku.byLocation[location] = fields
      sku.moved[location] = true
    end
  end
  redis.call('DEL', unpack(earlierKeys))
  local first = redis.call('ZRANGE', seenKey, '0', '0', 'WITHSCORES')
  setOwn('seen-oldest', first[2] or 'none')
  local line = redis.call('LINDEX', ledgerKey, 0)
  setOwn('ledger-head', line and string.format('%d', timeOfLine(line)) or 'none')
end

local function keysOfPart(part) return 4 + 2 * part.w + #(part.u or none) end

-- Every SKU's state hash is read before anything is written, so a call that meets a SKU of the earlier layout
-- without that layout's keys changes nothing and asks for them. A new SKU has none of its version key, seen set
-- and ledger (every call of the earlier layout that wrote a position also wrote them).
local skus = {}
local upgrades = {}
local base = 0
for index, part in ipairs(parts) do
  skus[index] = loadSku(KEYS[base + 1])
  if skus[index].own.format == nil and part.u == nil
    and redis.call('EXISTS', KEYS[base + 4], KEYS[base + 2], KEYS[base + 3]) > 0 then
    upgrades[#upgrades + 1] = index
  end
  base = base + keysOfPart(part)
end
if #upgrades > 0 then return { 'upgrade', unpack(upgrades) } end

-- One call may apply several SKUs (those of one Redis Cluster slot, or any on a single Redis): one round trip and
-- one script run for many SKUs, each SKU's part exactly as if it were alone.
local reply = {}
for index, part in ipairs(parts) do
  changedPositions = part.w
  locations = part.l
  sku = skus[index]
  if sku.own.format == nil then initialize(part, keyBase) end
  applySku(part.b, reply)
  keyBase = keyBase + keysOfPart(part)
end
return reply
`;
