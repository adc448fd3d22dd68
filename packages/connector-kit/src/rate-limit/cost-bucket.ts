import { bucketKey } from './bucket-keys.ts';
import { pauseBucket } from './bucket-pause.ts';
import { decisionFrom, type LimitDecision } from './limit-decision.ts';
import { pauseCheckLua, serverNowLua, timerSlackMs } from './lua-snippets.ts';
import { defineRedisScript, type RedisConnection, readScriptReply } from './redis-script.ts';

/**
 * Brings the bucket up to date. Capacity and restore rate come from the vendor's last throttle status when there
 * is one (Shopify Plus stores have twice the standard bucket), else from the declaration.
 * ARGV[1] declared capacity, ARGV[2] declared restore per second.
 */
const refillLua = `
local state = redis.call('HMGET', KEYS[1], 'available', 'updated', 'capacity', 'restore')
local capacity = tonumber(state[3] or ARGV[1])
local restore = tonumber(state[4] or ARGV[2])
local available = capacity
if state[1] and state[2] then
  local elapsed = math.max(0, now - tonumber(state[2]))
  available = math.min(capacity, tonumber(state[1]) + elapsed * restore / 1000)
end
local function store()
  redis.call('HSET', KEYS[1], 'available', tostring(available), 'updated', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil(math.max(0, capacity - available) * 1000 / restore + 60000))
end
`;

// KEYS: bucket, pause. ARGV: declared capacity, declared restore, estimated cost.
// Replies {-1, 0} when the cost exceeds the whole bucket: waiting would never help.
const reserveScript = defineRedisScript(`
${serverNowLua}
${pauseCheckLua}
${refillLua}
local cost = tonumber(ARGV[3])
if cost > capacity then
  return {-1, 0, tostring(capacity)}
end
local granted = 0
local waitMs = 0
if available >= cost then
  available = available - cost
  granted = 1
else
  waitMs = math.ceil((cost - available) * 1000 / restore) + ${timerSlackMs}
end
store()
return {granted, waitMs, tostring(available)}
`);

// KEYS: bucket, pause. ARGV: declared capacity, declared restore. Reads only: the share of the bucket available
// now (0 while paused), as a string.
const levelScript = defineRedisScript(`
${serverNowLua}
${refillLua}
if redis.call('PTTL', KEYS[2]) > 0 then
  return {1, 0, '0'}
end
return {1, 0, tostring(available / capacity)}
`);

// KEYS: bucket. ARGV: declared capacity, declared restore, reserved, actual, has status (0/1),
// currently available, maximum available, restore rate.
const settleScript = defineRedisScript(`
${serverNowLua}
${refillLua}
available = math.min(capacity, available + tonumber(ARGV[3]) - tonumber(ARGV[4]))
if ARGV[5] == '1' then
  -- A bigger (or smaller) bucket than declared shifts what is available by the difference, keeping whatever
  -- is reserved.
  local reportedCapacity = tonumber(ARGV[7])
  available = available + reportedCapacity - capacity
  capacity = reportedCapacity
  restore = tonumber(ARGV[8])
  -- The vendor's number is the truth about calls it has seen, but other processes may hold reservations for
  -- calls it has not seen yet; the lower of the two keeps those reservations.
  available = math.min(available, tonumber(ARGV[6]), capacity)
  redis.call('HSET', KEYS[1], 'capacity', tostring(capacity), 'restore', tostring(restore))
end
store()
return {1, 0, tostring(available)}
`);

/** The throttle status a vendor reports with each answer (Shopify GraphQL `extensions.cost.throttleStatus`). */
export interface ThrottleStatus {
  currentlyAvailable: number;
  maximumAvailable: number;
  restoreRate: number;
}

export interface CostBucketOptions {
  redis: RedisConnection;
  account: string;
  bucket: string;
  /** Points the bucket holds when full, e.g. 1000. */
  capacity: number;
  /** Points restored per second, e.g. 100. */
  restorePerSecond: number;
}

export interface CostBucket {
  readonly key: string;
  /** Reserves the estimated cost before a call, or says how long until it fits. Never sleeps. */
  reserve(estimatedCost: number): Promise<LimitDecision>;
  /**
   * Corrects the bucket after the call: refunds what was reserved beyond the actual cost (or charges the
   * difference), then adopts the vendor's throttle status when given.
   */
  settle(reservedCost: number, actualCost: number, throttleStatus?: ThrottleStatus): Promise<void>;
  pause(durationMs: number): Promise<void>;
  /** The share of the bucket available now, 0 (empty, or paused) to 1 (full). Takes nothing. */
  level(): Promise<number>;
}

/** A leaky bucket of points shared by every process that talks to the same account, kept in Redis. */
export function createCostBucket(options: CostBucketOptions): CostBucket {
  if (!(options.capacity > 0)) throw new RangeError(`capacity must be positive: ${options.capacity}`);
  if (!(options.restorePerSecond > 0)) {
    throw new RangeError(`restorePerSecond must be positive: ${options.restorePerSecond}`);
  }
  const key = bucketKey(options.account, 'cost-bucket', options.bucket);
  const pauseKey = bucketKey(options.account, 'pause', options.bucket);
  const declared = [options.capacity, options.restorePerSecond];
  return {
    key,
    async reserve(estimatedCost) {
      if (!(estimatedCost >= 0) || !Number.isFinite(estimatedCost)) {
        throw new RangeError(`estimated cost must be zero or more: ${estimatedCost}`);
      }
      const reply = await reserveScript.run(options.redis, [key, pauseKey], [...declared, estimatedCost]);
      const [granted, waitMs, capacity] = readScriptReply(reply, 'cost bucket');
      if (granted === -1) {
        throw new RangeError(
          `a call costing ${estimatedCost} points can never fit bucket "${options.bucket}", which holds ` +
            `${capacity} points: split the query into smaller ones`,
        );
      }
      return decisionFrom(granted, waitMs);
    },
    async settle(reservedCost, actualCost, throttleStatus) {
      const status =
        throttleStatus === undefined
          ? [0, 0, 0, 0]
          : [1, throttleStatus.currentlyAvailable, throttleStatus.maximumAvailable, throttleStatus.restoreRate];
      if (throttleStatus !== undefined && !(throttleStatus.maximumAvailable > 0 && throttleStatus.restoreRate > 0)) {
        throw new RangeError(
          `throttle status must have a positive maximum and restore rate: ${JSON.stringify(throttleStatus)}`,
        );
      }
      await settleScript.run(options.redis, [key], [...declared, reservedCost, actualCost, ...status]);
    },
    pause(durationMs) {
      return pauseBucket(options.redis, options.account, options.bucket, durationMs);
    },
    async level() {
      const [, , share] = readScriptReply(
        await levelScript.run(options.redis, [key, pauseKey], declared),
        'cost level',
      );
      return Number(share);
    },
  };
}
