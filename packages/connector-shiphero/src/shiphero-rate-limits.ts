import type { RateLimitPolicyV2 } from '@stockwire/connector-spec';

/**
 * ShipHero's throttling as its sources state it. Every query and mutation of a user draws credits from one bucket
 * that refills continuously; a query costs its `complexity` (returned with every answer; `analyze: true` prices a
 * query without spending). The figures disagree: 1,001 credits restored at 15 per second (ShipHero's announcement,
 * https://community.shiphero.com/t/good-news-we-have-a-new-throttling-strategy/188) against 4,004 at 60 per second
 * plus 7,000 requests per rolling 5 minutes (a 2026 third-party summary). So the connector reads the account's
 * live `user_quota { credits_remaining max_available increment_rate }` and hands it to the shared bucket, which
 * adopts it; the numbers below only hold until that first answer.
 */
export const shipHeroPublishedLimits = {
  announced: { credits: 1_001, restorePerSecond: 15, maximumPerOperation: 1_001 },
  thirdParty2026: { credits: 4_004, restorePerSecond: 60, maximumPerOperation: 4_004, requestsPerFiveMinutes: 7_000 },
  /** ShipHero answers a throttled call inside HTTP 200 with this error code and the wait in its message. */
  throttledErrorCode: '30',
} as const;

/** The GraphQL operations the connector sends, named as in the policy so feedback reaches the credit bucket. */
export const shipHeroOperations = [
  'UserQuota',
  'WarehouseProductsPage',
  'InventoryChangesPage',
  'WarehouseProductLevel',
  'InventoryReplace',
  'AccountWarehouses',
  'refreshAccessToken',
] as const;
export type ShipHeroOperation = (typeof shipHeroOperations)[number];

export interface ShipHeroCreditBucket {
  readonly maximum: number;
  readonly restorePerSecond: number;
}

/**
 * One cost bucket (`credits`) for every GraphQL operation, shared by every process of the account through the
 * kit's limiter. Token requests cost nothing: `/auth/*` is not GraphQL and spends no credits.
 */
export function shipHeroRateLimits(assumed: ShipHeroCreditBucket = { maximum: 1_001, restorePerSecond: 15 }) {
  const credits = {
    kind: 'cost-bucket',
    capacity: assumed.maximum,
    restorePerSecond: assumed.restorePerSecond,
    defaultCost: 1,
    bucket: 'credits',
  } as const;
  return {
    source: 'https://community.shiphero.com/t/good-news-we-have-a-new-throttling-strategy/188',
    operations: {
      UserQuota: credits,
      WarehouseProductsPage: credits,
      InventoryChangesPage: credits,
      WarehouseProductLevel: credits,
      InventoryReplace: credits,
      AccountWarehouses: credits,
    },
    slowDown: { statuses: [429], errorCodes: [shipHeroPublishedLimits.throttledErrorCode], defaultPauseMs: 1_000 },
  } as const satisfies RateLimitPolicyV2;
}

/**
 * What the connector reserves before a call: one credit for the query itself and one per node it may return, the
 * way ShipHero prices connections (cost scales with `first`). The answer's `complexity` settles the difference.
 */
export function estimatedCredits(first: number | undefined): number {
  return 1 + (first ?? 0);
}
