import type { RateLimitPolicy } from '@stockwire/connector-kit';

/**
 * Shopify's Admin GraphQL limits as data: every query and mutation of an app on a store draws from one leaky bucket
 * of query-cost points (Standard plan: 1,000 points, restored at 100 per second; Plus stores report twice that in
 * `throttleStatus`, which the kit's cost bucket adopts). A single query may not request more than 1,000 points.
 * https://shopify.dev/docs/api/usage/limits#graphql-admin-api-rate-limits
 */
export const shopifyStandardBucket = { capacity: 1_000, restorePerSecond: 100 } as const;

const adminGraphql = {
  kind: 'cost-bucket',
  ...shopifyStandardBucket,
  defaultCost: 10,
  bucket: 'admin-graphql',
} as const;

export const shopifyRateLimits = {
  source: 'https://shopify.dev/docs/api/usage/limits#graphql-admin-api-rate-limits',
  operations: {
    InventoryItemsBySku: adminGraphql,
    InventorySnapshotPage: adminGraphql,
    CurrentAvailable: adminGraphql,
    SetAvailableQuantities: adminGraphql,
    SetInventoryPolicies: adminGraphql,
    BulkInventorySnapshot: adminGraphql,
    BulkOperationStatus: adminGraphql,
    OrderLines: adminGraphql,
    WebhookSubscriptions: adminGraphql,
    WebhookSubscriptionCreate: adminGraphql,
    ConnectionCheck: adminGraphql,
  },
  // A THROTTLED error arrives inside an HTTP 200; a 429 with Retry-After is rarer (REST, or a shop-wide limit).
  slowDown: { statuses: [429], errorCodes: ['THROTTLED'] },
} satisfies RateLimitPolicy;

/** The GraphQL operations the connector sends, named as in the policy so feedback reaches the right bucket. */
export type ShopifyOperation = keyof typeof shopifyRateLimits.operations;

/** `inventorySetQuantities` takes at most 250 quantities per call. */
export const shopifyMaxBatchSize = 250;

/** The most nodes one connection page returns. */
export const shopifyMaxPageSize = 250;

/** How long to wait before asking again about a bulk operation that is still running. */
export const shopifyBulkPollIntervalMs = 5_000;

/** The most points one query may request, whatever the bucket holds. */
export const shopifyMaxQueryCost = 1_000;
