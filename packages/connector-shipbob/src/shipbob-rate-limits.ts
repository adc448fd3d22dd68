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
  'getInventoryLevelsByLot',
  'getReceivingOrders',
  'getFulfillmentCenters',
  'refreshAccessToken',
] as const;
export type ShipBobOperation = (typeof shipBobOperations)[number];

/**
 * One bucket (`account`) for every ShipBob request: ShipBob counts all APIs of the user and application together.
 * Declared per ShipBob operation and not as a `defaultLimit`, because the connector asks the limiter once per HTTP
 * request itself: a default would also charge the runner's ask before each `changes.pull` / `snapshot.read`, so
 * every request would cost two tokens, and the runner's ask would take each refilled token just before the
 * connector's, starving it (a poll refused over and over while ShipBob sat idle).
 */
export const shipBobRateLimits = {
  source: 'https://developer.shipbob.com/rate-limit',
  operations: Object.fromEntries(shipBobOperations.map((operation) => [operation, shipBobAccountBucket])) as Record<
    ShipBobOperation,
    typeof shipBobAccountBucket
  >,
  feedback: { retryAfterHeader: { name: shipBobPublishedLimit.retryAfterHeader, unit: 'seconds' } },
  slowDown: { statuses: [429], defaultPauseMs: 1_000 },
} as const satisfies RateLimitPolicyV2;

/** The most calls the bucket lets through in any window of `windowSeconds` (burst plus what refills meanwhile). */
export function bucketCeiling(bucket: { ratePerSecond: number; burst: number }, windowSeconds: number): number {
  return bucket.burst + bucket.ratePerSecond * windowSeconds;
}
