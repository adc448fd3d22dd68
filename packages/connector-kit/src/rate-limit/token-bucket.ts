import { bucketKey } from './bucket-keys.ts';
import { pauseBucket } from './bucket-pause.ts';
import { decisionFrom, type LimitDecision } from './limit-decision.ts';
import { pauseCheckLua, serverNowLua, timerSlackMs } from './lua-snippets.ts';
import { defineRedisScript, type RedisConnection, readScriptReply } from './redis-script.ts';

/**
 * Brings the bucket up to date: picks the rate (server feedback while it is fresh, else the declared one) and
 * adds the tokens that accrued since the last update, up to the burst. ARGV[1] declared rate, ARGV[2] burst.
 */
const refillLua = `
local declaredRate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated', 'feedbackRate', 'feedbackUntil')
local rate = declaredRate
if state[3] and state[4] and tonumber(state[4]) > now then
  rate = tonumber(state[3])
end
local tokens = burst
if state[1] and state[2] then
  local elapsed = math.max(0, now - tonumber(state[2]))
  tokens = math.min(burst, tonumber(state[1]) + elapsed * rate / 1000)
end
`;

/** Idle keys vanish once the bucket would be full again anyway, or when fresh feedback would be lost. */
const storeLua = `
local function store(tokens, rate, feedbackUntil)
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
  local keepMs = burst * 1000 / rate + 1000
  if feedbackUntil then
    keepMs = math.max(keepMs, feedbackUntil - now + 1000)
  end
  redis.call('PEXPIRE', KEYS[1], math.ceil(keepMs))
end
`;

// KEYS: bucket, pause. ARGV: declared rate, burst, tokens requested.
const tryAcquireScript = defineRedisScript(`
${serverNowLua}
${pauseCheckLua}
${refillLua}
${storeLua}
local requested = tonumber(ARGV[3])
local granted = 0
local waitMs = 0
if tokens >= requested then
  tokens = tokens - requested
  granted = 1
else
  waitMs = math.ceil((requested - tokens) * 1000 / rate) + ${timerSlackMs}
end
local feedbackUntil = nil
if state[4] then feedbackUntil = tonumber(state[4]) end
store(tokens, rate, feedbackUntil)
return {granted, waitMs, tostring(tokens)}
`);

// KEYS: bucket. ARGV: declared rate, burst, new rate, how long the new rate holds (ms).
const updateRateScript = defineRedisScript(`
${serverNowLua}
${refillLua}
${storeLua}
local feedbackRate = tonumber(ARGV[3])
local feedbackUntil = now + tonumber(ARGV[4])
redis.call('HSET', KEYS[1], 'feedbackRate', tostring(feedbackRate), 'feedbackUntil', tostring(feedbackUntil))
store(tokens, feedbackRate, feedbackUntil)
return 1
`);

// KEYS: bucket, pause. ARGV: declared rate, burst. Reads only: the share of the burst available now (0 while
// paused), as a string.
const levelScript = defineRedisScript(`
${serverNowLua}
${refillLua}
if redis.call('PTTL', KEYS[2]) > 0 then
  return {1, 0, '0'}
end
return {1, 0, tostring(tokens / burst)}
`);

export interface TokenBucketOptions {
  redis: RedisConnection;
  /** The remote account the vendor counts requests against (not the process). */
  account: string;
  /** Usually the vendor operation, e.g. `getInventorySummaries`. */
  bucket: string;
  /** Sustained rate the vendor allows, tokens per second. */
  ratePerSecond: number;
  /** Tokens available at once after a quiet period. */
  burst: number;
}

export interface TokenBucket {
  readonly key: string;
  /** Takes `tokens` (default 1) if they are there; otherwise says how long until they will be. Never sleeps. */
  tryAcquire(tokens?: number): Promise<LimitDecision>;
  /**
   * Applies the rate the vendor reports (e.g. `x-amzn-RateLimit-Limit`) for `validForMs`; afterwards the declared
   * rate applies again, so one odd header cannot slow an account forever.
   */
  updateRate(ratePerSecond: number, validForMs?: number): Promise<void>;
  /** Refuses every process for `durationMs`. */
  pause(durationMs: number): Promise<void>;
  /** The share of the burst available now, 0 (empty, or paused) to 1 (full). Takes nothing. */
  level(): Promise<number>;
}

export const defaultRateFeedbackValidityMs = 10 * 60_000;

/** A token bucket shared by every process that talks to the same account, kept in Redis. */
export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  if (!(options.ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be positive: ${options.ratePerSecond}`);
  if (!(options.burst > 0)) throw new RangeError(`burst must be positive: ${options.burst}`);
  const key = bucketKey(options.account, 'token-bucket', options.bucket);
  const pauseKey = bucketKey(options.account, 'pause', options.bucket);
  const declared = [options.ratePerSecond, options.burst];
  return {
    key,
    async tryAcquire(tokens = 1) {
      if (!(tokens > 0) || tokens > options.burst) {
        throw new RangeError(
          `cannot take ${tokens} tokens from bucket "${options.bucket}": a request must take more than 0 and at ` +
            `most the burst (${options.burst})`,
        );
      }
      const reply = await tryAcquireScript.run(options.redis, [key, pauseKey], [...declared, tokens]);
      const [granted, waitMs] = readScriptReply(reply, 'token bucket');
      return decisionFrom(granted, waitMs);
    },
    async updateRate(ratePerSecond, validForMs = defaultRateFeedbackValidityMs) {
      // A zero or unreadable rate would block the account until the feedback expires; keep what we have.
      if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) return;
      await updateRateScript.run(options.redis, [key], [...declared, ratePerSecond, Math.ceil(validForMs)]);
    },
    pause(durationMs) {
      return pauseBucket(options.redis, options.account, options.bucket, durationMs);
    },
    async level() {
      const [, , share] = readScriptReply(
        await levelScript.run(options.redis, [key, pauseKey], declared),
        'token level',
      );
      return Number(share);
    },
  };
}
