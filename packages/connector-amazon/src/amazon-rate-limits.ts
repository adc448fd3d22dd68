import type { RateLimitPolicy } from '@stockwire/connector-kit';

/** The SP-API operations this connector calls, named as in Amazon's models. */
export type AmazonOperation =
  | 'searchListingsItems'
  | 'patchListingsItem'
  | 'createFeedDocument'
  | 'createFeed'
  | 'getFeed'
  | 'getFeedDocument'
  | 'getInventorySummaries'
  | 'searchOrders';

interface PublishedLimit {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/**
 * Amazon's published default usage plans (rate per second, burst), copied from the "Usage Plan" table of each
 * operation in the official models: listingsItems_2021-08-01.json, feeds_2021-06-30.json, fbaInventory.json,
 * orders_2026-01-01.json. Amazon may grant a seller more; `x-amzn-RateLimit-Limit` on every answer carries the rate that
 * actually applied, and the limiter follows it.
 */
export const amazonPublishedLimits: Readonly<Record<AmazonOperation, PublishedLimit>> = {
  searchListingsItems: { ratePerSecond: 5, burst: 5 },
  patchListingsItem: { ratePerSecond: 5, burst: 5 },
  createFeedDocument: { ratePerSecond: 0.5, burst: 15 },
  createFeed: { ratePerSecond: 0.0083, burst: 15 },
  getFeed: { ratePerSecond: 2, burst: 15 },
  getFeedDocument: { ratePerSecond: 0.0222, burst: 10 },
  getInventorySummaries: { ratePerSecond: 2, burst: 2 },
  searchOrders: { ratePerSecond: 0.0056, burst: 20 },
};

/** The published limits as the kit's policy: one token bucket per operation, corrected by Amazon's rate header. */
export const amazonRateLimits: RateLimitPolicy = {
  source: 'https://developer-docs.amazon.com/sp-api/docs/usage-plans-and-rate-limits',
  operations: Object.fromEntries(
    Object.entries(amazonPublishedLimits).map(([operation, limit]) => [
      operation,
      { kind: 'token-bucket', ratePerSecond: limit.ratePerSecond, burst: limit.burst },
    ]),
  ),
  feedback: { rateHeader: 'x-amzn-RateLimit-Limit' },
  // SP-API answers 429 with the error code QuotaExceeded and no Retry-After.
  slowDown: { statuses: [429], errorCodes: ['QuotaExceeded'] },
};

/** Amazon's limit on one JSON_LISTINGS_FEED document. */
export const amazonMaxFeedMessages = 25_000;
/**
 * The most items one push takes: a feed's worth of SKUs still waiting on a feed's result (each stays dirty, and is
 * re-offered, until the processing report is read) plus a full feed of new changes. With a batch of one feed, those
 * waiting SKUs filled the runner's batch, so it saw a "full" batch and pushed at once the few new changes beside
 * them, outside the fill window: 30,000 changes went as feeds of 23,000, 5,000 and 2,000 instead of two. Feeds are
 * still cut at `amazonMaxFeedMessages`.
 */
export const amazonMaxPushItems = 2 * amazonMaxFeedMessages;
/** searchListingsItems takes at most 20 identifiers per call. */
export const amazonSearchIdentifiersLimit = 20;
