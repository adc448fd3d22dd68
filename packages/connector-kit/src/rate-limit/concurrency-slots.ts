import { randomUUID } from 'node:crypto';
import { bucketKey } from './bucket-keys.ts';
import { pauseBucket } from './bucket-pause.ts';
import { pauseCheckLua, serverNowLua, timerSlackMs } from './lua-snippets.ts';
import { defineRedisScript, type RedisConnection, readScriptReply } from './redis-script.ts';

// KEYS: slots (sorted set token → lease end), pause. ARGV: slots, lease ms, token, wait hint ms.
// Expired leases are swept first, so a crashed process holds its slots only until their leases end.
const acquireScript = defineRedisScript(`
${serverNowLua}
${pauseCheckLua}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local slots = tonumber(ARGV[1])
local leaseMs = tonumber(ARGV[2])
if redis.call('ZCARD', KEYS[1]) < slots then
  redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[3])
  if redis.call('PTTL', KEYS[1]) < leaseMs + 1000 then
    redis.call('PEXPIRE', KEYS[1], math.ceil(leaseMs + 1000))
  end
  return {1, 0}
end
local earliest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local untilLeaseEnds = math.ceil(tonumber(earliest[2]) - now) + ${timerSlackMs}
return {0, math.min(untilLeaseEnds, tonumber(ARGV[4]))}
`);

// KEYS: slots. ARGV: token, lease ms. Only a lease that has not ended can be renewed.
const renewScript = defineRedisScript(`
${serverNowLua}
local leaseEnd = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not leaseEnd or tonumber(leaseEnd) <= now then
  return 0
end
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) + 1000 then
  redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2]) + 1000))
end
return 1
`);

// KEYS: slots. ARGV: token. Replies 1 when the lease was still running, 0 when it had ended or was swept.
const releaseScript = defineRedisScript(`
${serverNowLua}
local leaseEnd = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
if leaseEnd and tonumber(leaseEnd) > now then
  return 1
end
return 0
`);

export interface ConcurrencySlotsOptions {
  redis: RedisConnection;
  account: string;
  bucket: string;
  /** Concurrent requests the vendor allows for the account, e.g. NetSuite's per-account concurrency limit. */
  slots: number;
  /** Default lease: a slot not released within it frees itself. Longer than the slowest call's timeout. */
  leaseMs: number;
  /**
   * Upper bound of the wait suggested when every slot is taken. Slots usually free long before their leases end,
   * so the runner should look again soon rather than wait for the earliest lease. Default 250 ms.
   */
  waitHintMs?: number;
}

export type SlotDecision = { granted: true; slotToken: string } | { granted: false; waitMs: number };

export interface ConcurrencySlots {
  readonly key: string;
  /** Takes a slot for `leaseMs` (default: the configured lease), or says when to look again. Never sleeps. */
  acquireSlot(leaseMs?: number): Promise<SlotDecision>;
  /** Frees the slot. False when its lease had already ended (the call took longer than the lease). */
  releaseSlot(slotToken: string): Promise<boolean>;
  /** Extends a held slot for a long call. False when its lease had already ended. */
  renewSlot(slotToken: string, leaseMs?: number): Promise<boolean>;
  pause(durationMs: number): Promise<void>;
}

/** A per-account cap on concurrent requests shared by every process, with leases so a crash cannot leak slots. */
export function createConcurrencySlots(options: ConcurrencySlotsOptions): ConcurrencySlots {
  if (!Number.isInteger(options.slots) || options.slots < 1) {
    throw new RangeError(`slots must be a positive integer: ${options.slots}`);
  }
  if (!(options.leaseMs > 0)) throw new RangeError(`leaseMs must be positive: ${options.leaseMs}`);
  const key = bucketKey(options.account, 'slots', options.bucket);
  const pauseKey = bucketKey(options.account, 'pause', options.bucket);
  const waitHintMs = options.waitHintMs ?? 250;
  return {
    key,
    async acquireSlot(leaseMs = options.leaseMs) {
      const slotToken = randomUUID();
      const reply = await acquireScript.run(
        options.redis,
        [key, pauseKey],
        [options.slots, Math.ceil(leaseMs), slotToken, waitHintMs],
      );
      const [granted, waitMs] = readScriptReply(reply, 'concurrency slots');
      return granted === 1 ? { granted: true, slotToken } : { granted: false, waitMs: Math.max(1, waitMs) };
    },
    async releaseSlot(slotToken) {
      return (await releaseScript.run(options.redis, [key], [slotToken])) === 1;
    },
    async renewSlot(slotToken, leaseMs = options.leaseMs) {
      return (await renewScript.run(options.redis, [key], [slotToken, Math.ceil(leaseMs)])) === 1;
    },
    pause(durationMs) {
      return pauseBucket(options.redis, options.account, options.bucket, durationMs);
    },
  };
}
