/**
 * One reconciliation of one SKU, atomic: the authority's drifts (decided in TypeScript from the positions, with the
 * model's functions) are written keeping the time each was first seen; then each follower record is compared with
 * what we pushed and what the channel was last seen to show.
 *
 * A follower record (its `q` already in the connection's unit):
 * - `stale`: observed before the newest observation or before the push it would overwrite was sent — it replaces
 *   nothing and schedules nothing (vendors deliver reports late and out of order);
 * - `unpublished`: a channel that publishes its own numbers (publish: false): only the observation is kept;
 * - `in-sync`: the channel shows what we pushed (our own write seen again, an echo): this closes an open drift —
 *   a drift stays open until the channel is seen showing our value, not when the vendor takes the heal;
 * - `drift`: anything else — recorded, and recorded as what the channel shows, so the projection pushes again.
 *
 * KEYS: pushed hash, remote hash, drift hash (all in the SKU's slot)
 * ARGV: JSON { dryRun, now, sku, authority: [{ field, drift }], resolved: [field],
 *              followers: [{ c: channel, field, q, at: observed ms, iso: observed, publish }] }
 * Returns: JSON { authority: [{ field, since }], followers: [{ field, outcome, since?, expected? }] }
 */
export const reconcileScript = `
local pushedKey, remoteKey, driftKey = KEYS[1], KEYS[2], KEYS[3]
local input = cjson.decode(ARGV[1])
local dryRun = input.dryRun

local function stored(key, field)
  local raw = redis.call('HGET', key, field)
  if raw then return cjson.decode(raw) end
  return nil
end

local function sinceOf(field, fallback)
  local existing = stored(driftKey, field)
  if existing and existing.since then return existing.since end
  return fallback
end

local function resolve(field)
  if not dryRun then redis.call('HDEL', driftKey, field) end
end

local reply = { authority = {}, followers = {} }
for _, entry in ipairs(input.authority) do
  local since = sinceOf(entry.field, entry.drift.since)
  entry.drift.since = since
  if not dryRun then redis.call('HSET', driftKey, entry.field, cjson.encode(entry.drift)) end
  table.insert(reply.authority, { field = entry.field, since = since })
end
for _, field in ipairs(input.resolved) do resolve(field) end

-- A push counts from when it was sent: the vendor stamps its echo before we settle it. A report stamped to the
-- whole second (Shopify's updatedAt, an HTTP Date header) is compared at that resolution: the second the push
-- went out in is not older than the push (a same-second report of another value is drift, healed by a push).
local function newestTime(pushed, remote, recordAt)
  local newest = -1
  local sent = pushed and tonumber(pushed.sentAtMs or pushed.pushedAtMs)
  if sent then
    if recordAt % 1000 == 0 then sent = sent - (sent % 1000) end
    newest = math.max(newest, sent)
  end
  if remote and remote.observedAtMs then newest = math.max(newest, tonumber(remote.observedAtMs)) end
  return newest
end

for _, record in ipairs(input.followers) do
  local pushed = stored(pushedKey, record.c)
  local remote = stored(remoteKey, record.c)
  local result = { field = record.field }
  if record.at < newestTime(pushed, remote, record.at) then
    result.outcome = 'stale'
  else
    if not dryRun then
      redis.call('HSET', remoteKey, record.c,
        cjson.encode({ quantity = record.q, observedAt = record.iso, observedAtMs = record.at }))
    end
    if not record.publish then
      result.outcome = 'unpublished'
      resolve(record.field)
    elseif pushed and tonumber(pushed.quantity) == record.q then
      result.outcome = 'in-sync'
      resolve(record.field)
    else
      result.outcome = 'drift'
      result.since = sinceOf(record.field, input.now)
      if pushed then result.expected = tonumber(pushed.quantity) end
      if not dryRun then
        local drift = { sku = input.sku, target = record.c, state = 'available', expected = result.expected,
          actual = record.q, cause = pushed and 'changed-on-remote' or 'never-pushed', since = result.since }
        redis.call('HSET', driftKey, record.field, cjson.encode(drift))
        -- What the channel really shows stands in for our push, so the projection sees the difference and pushes.
        local version = (pushed and pushed.version) or 0
        redis.call('HSET', pushedKey, record.c, cjson.encode({ quantity = record.q,
          status = (pushed and pushed.status) or 'in-stock', version = version, pushedAt = record.iso,
          pushedAtMs = record.at }))
      end
    end
  end
  table.insert(reply.followers, result)
end
return cjson.encode(reply)
`;
