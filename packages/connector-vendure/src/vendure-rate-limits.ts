import type { RateLimitPolicyV2, TokenBucketLimitV2 } from '@stockwire/connector-spec';

/**
 * Vendure is self-hosted and publishes no limit: the merchant's own server takes every Admin API call, beside the
 * storefront's Shop API traffic. So the connector keeps to a bucket of its own (10 calls a second, bursts of 20,
 * for one server, shared by every process of the connection) and lets a 429 or 503 from a proxy in front of the
 * server slow it further. Declared per operation, never as a default, so the runner's own ask is not charged twice.
 * https://docs.vendure.io/guides/deployment/production-configuration/
 */
const vendureServer: TokenBucketLimitV2 = { kind: 'token-bucket', ratePerSecond: 10, burst: 20, bucket: 'server' };

export const vendureOperations = ['StockLocations', 'ProductVariantStock', 'VariantsBySku', 'UpdateStock'] as const;
export type VendureOperation = (typeof vendureOperations)[number];

export const vendureRateLimits = {
  source: 'https://docs.vendure.io/guides/deployment/production-configuration/',
  operations: Object.fromEntries(vendureOperations.map((operation) => [operation, vendureServer])) as Record<
    VendureOperation,
    TokenBucketLimitV2
  >,
  feedback: { retryAfterHeader: { name: 'retry-after', unit: 'seconds' } },
  slowDown: { statuses: [429, 503], defaultPauseMs: 1_000 },
} as const satisfies RateLimitPolicyV2;
