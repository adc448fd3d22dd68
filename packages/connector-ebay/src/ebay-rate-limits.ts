import type { RateLimitPolicyV2 } from '@stockwire/connector-spec';

/**
 * The operations the connector sends, named as eBay's API reference names them, so logs and the limiter's feedback
 * read as eBay's documentation does.
 */
export const ebayInventoryOperations = [
  'getInventoryItems',
  'bulkGetInventoryItem',
  'bulkUpdatePriceQuantity',
  'getOffers',
  'getInventoryLocations',
] as const;
export const ebayFulfillmentOperations = ['getOrders', 'getOrder'] as const;
export type EbayOperation =
  | (typeof ebayInventoryOperations)[number]
  | (typeof ebayFulfillmentOperations)[number]
  | 'getPublicKey'
  | 'refreshAccessToken';

/**
 * eBay's call limits are per application per day, per API (https://developer.ebay.com/develop/api/sell/api_call_limits;
 * the Inventory API row was not captured in ../shared/specs, so these are eBay's long-published defaults:
 * Inventory 2,000,000 and Fulfillment 2,500,000 calls a day; Notification API 10,000 a day from the Buy table).
 * A day's budget is expressed as a token bucket whose rate spends it evenly, with a burst for a snapshot's pages.
 */
export const ebayPublishedDailyLimits = {
  inventory: 2_000_000,
  fulfillment: 2_500_000,
  notification: 10_000,
} as const;

const perSecond = (daily: number) => Math.floor((daily / 86_400) * 100) / 100;

const inventoryBucket = {
  kind: 'token-bucket',
  ratePerSecond: perSecond(ebayPublishedDailyLimits.inventory),
  burst: 50,
  bucket: 'inventory',
} as const;
const fulfillmentBucket = {
  kind: 'token-bucket',
  ratePerSecond: perSecond(ebayPublishedDailyLimits.fulfillment),
  burst: 50,
  bucket: 'fulfillment',
} as const;

/**
 * Declared per eBay operation and not as a `defaultLimit`: the connector asks the limiter once per HTTP request, so a
 * default would also charge the runner's ask before each capability call (two tokens per request).
 * eBay answers "too fast" with HTTP 429 and errorId 2001 in the body.
 */
export const ebayRateLimits = {
  source: 'https://developer.ebay.com/develop/api/sell/api_call_limits',
  operations: {
    ...Object.fromEntries(ebayInventoryOperations.map((operation) => [operation, inventoryBucket])),
    ...Object.fromEntries(ebayFulfillmentOperations.map((operation) => [operation, fulfillmentBucket])),
    getPublicKey: {
      kind: 'token-bucket',
      ratePerSecond: perSecond(ebayPublishedDailyLimits.notification),
      burst: 10,
      bucket: 'notification',
    },
    // https://developer.ebay.com/api-docs/static/oauth-rate-limits.html: tokens are minted rarely (one per 2 hours).
    refreshAccessToken: { kind: 'token-bucket', ratePerSecond: 1, burst: 5, bucket: 'oauth' },
  },
  slowDown: { statuses: [429], errorCodes: ['2001'], defaultPauseMs: 1_000 },
} as const satisfies RateLimitPolicyV2;
