import type { RateLimitPolicyV2, TokenBucketLimitV2 } from '@stockwire/connector-spec';

/**
 * Square publishes no numeric limit: it answers HTTP 429 `RATE_LIMITED` when an application sends "a high number
 * of requests in a short period" and asks for exponential backoff. So the connector declares a conservative bucket
 * of its own — 10 calls a second with bursts of 20 for one seller account, shared by every process of the
 * connection — and lets Square's 429s (with Retry-After when present) slow it further.
 * https://developer.squareup.com/docs/build-basics/handling-errors#rate-limiting
 */
const sellerAccount: TokenBucketLimitV2 = { kind: 'token-bucket', ratePerSecond: 10, burst: 20, bucket: 'seller' };

export const squareRateLimits = {
  source: 'https://developer.squareup.com/docs/build-basics/handling-errors#rate-limiting',
  operations: {
    ListLocations: sellerAccount,
    SearchCatalogObjects: sellerAccount,
    BatchRetrieveInventoryCounts: sellerAccount,
    BatchChangeInventory: sellerAccount,
    BatchRetrieveInventoryChanges: sellerAccount,
    BatchRetrieveOrders: sellerAccount,
  },
  defaultLimit: sellerAccount,
  slowDown: { statuses: [429], errorCodes: ['RATE_LIMITED'], defaultPauseMs: 1_000 },
} as const satisfies RateLimitPolicyV2;

/** The operations the connector calls, named as in Square's API reference and the policy above. */
export type SquareOperation = keyof typeof squareRateLimits.operations;

/** BatchChangeInventory takes at most 100 changes per call. */
export const squareMaxChangesPerCall = 100;
/** BatchRetrieveInventoryCounts / Changes return at most 1,000 records per page. */
export const squareMaxPageSize = 1_000;
