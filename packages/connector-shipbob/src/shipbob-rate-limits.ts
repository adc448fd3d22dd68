import type { RateLimitPolicyV2 } from '@stockwire/connector-spec';

/**
 * ShipBob's published limit, as the vendor states it: 150 requests in any 60-second sliding window, counted per
 * user and application across every ShipBob API. A 429 carries `x-retry-after` (seconds) and every answer
 * `x-remaining-calls`. https://developer.shipbob.com/rate-limit
 */
export const shipBobPublishedLimit = {
  kind: 'sliding-window',
  requests: 150,
  windowSeconds: 60,
  scope: 'user and application, across all ShipBob APIs',
  retryAfterHeader: 'x-retry-after',
  remainingCallsHeader: 'x-remaining-calls',
} as const;

/**
 * The kit's limiter has no sliding window, so the published limit is expressed as a token bucket that can never
 * exceed it: a bucket of `burst` tokens refilled at `rate` lets through at most `burst + rate × 60` calls in any
 * 60 seconds. 15 + 2.25 × 60 = 150, so every process of one account together stays inside ShipBob's window while
 * still allowing a short burst (a snapshot's first pages).
 */
export const shipBobAccountBucket = {
  kind: 'token-bucket',
  ratePerSecond: 2.25,
  burst: 15,
  bucket: 'account',
} as const;

/** The operations the connector sends, named so logs and the limiter's feedback read as ShipBob's reference does. */
export const shipBobOperations = [
  'getInventoryLevelsByLocation',
  'getReceivingOrders',
  'getFulfillmentCenters',
  'refreshAccessToken',
] as const;
export type ShipBobOperation = (typeof shipBobOperations)[number];

export const shipBobRateLimits = {
  source: 'https://developer.shipbob.com/rate-limit',
  // One bucket for every call: ShipBob counts all APIs of the user and application together.
  defaultLimit: shipBobAccountBucket,
  feedback: { retryAfterHeader: { name: shipBobPublishedLimit.retryAfterHeader, unit: 'seconds' } },
  slowDown: { statuses: [429], defaultPauseMs: 1_000 },
} as const satisfies RateLimitPolicyV2;

/** The most calls the bucket lets through in any window of `windowSeconds` (burst plus what refills meanwhile). */
export function bucketCeiling(bucket: { ratePerSecond: number; burst: number }, windowSeconds: number): number {
  return bucket.burst + bucket.ratePerSecond * windowSeconds;
}
