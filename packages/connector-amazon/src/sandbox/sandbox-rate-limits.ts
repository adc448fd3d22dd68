import type { SandboxResponse } from '@stockwire/connector-kit/sandbox';
import { type AmazonOperation, amazonPublishedLimits } from '../amazon-rate-limits.ts';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export interface SandboxRateLimits {
  /** A 429 answer when the operation's bucket is empty, otherwise undefined (and one token is taken). */
  take(operation: AmazonOperation): SandboxResponse | undefined;
  /** The `x-amzn-RateLimit-Limit` header Amazon sends on every answer of the operation. */
  headers(operation: AmazonOperation): Record<string, string>;
  /** How many calls were refused with 429 since the last reset. */
  readonly refused: number;
  reset(): void;
}

/**
 * Amazon's usage plans as the sandbox enforces them: a token bucket per operation with the published rate and
 * burst, refilled in real time (a rate limit is about real calls, unlike feed processing, which follows the
 * sandbox clock). A call over the limit gets Amazon's 429 body with the error code QuotaExceeded.
 */
export function createSandboxRateLimits(options: { enforce: boolean }): SandboxRateLimits {
  const buckets = new Map<AmazonOperation, Bucket>();
  let refused = 0;
  return {
    take(operation) {
      if (!options.enforce) return undefined;
      const limit = amazonPublishedLimits[operation];
      const now = performance.now();
      const bucket = buckets.get(operation) ?? { tokens: limit.burst, updatedAt: now };
      bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * limit.ratePerSecond);
      bucket.updatedAt = now;
      buckets.set(operation, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return undefined;
      }
      refused++;
      return quotaExceeded(limit.ratePerSecond);
    },
    headers(operation) {
      return { 'x-amzn-ratelimit-limit': String(amazonPublishedLimits[operation].ratePerSecond) };
    },
    get refused() {
      return refused;
    },
    reset() {
      buckets.clear();
      refused = 0;
    },
  };
}

/** Amazon's answer to a throttled call: no Retry-After, the applied rate in `x-amzn-RateLimit-Limit`. */
export function quotaExceeded(ratePerSecond: number): SandboxResponse {
  return {
    status: 429,
    headers: { 'x-amzn-ratelimit-limit': String(ratePerSecond) },
    body: { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.' }] },
  };
}
