export {
  type ShopifyInventoryPolicy,
  shopifyInventoryPolicyOf,
  shopifyListingStatuses,
} from './map-shopify-listing-status.ts';
export {
  createShopifyConnector,
  type ShopifyConnector,
  type ShopifyConnectorOptions,
  shopifyConnector as default,
  shopifyConnector,
  shopifyConnectorCapabilities,
  shopifyConnectorKind,
} from './shopify-connector.ts';
export { ShopifyBulkOperationPendingError, ShopifyWebhookShopMismatchError } from './shopify-errors.ts';
export {
  type ShopifyOperation,
  shopifyBulkPollIntervalMs,
  shopifyMaxBatchSize,
  shopifyMaxPageSize,
  shopifyMaxQueryCost,
  shopifyRateLimits,
  shopifyStandardBucket,
} from './shopify-rate-limits.ts';
export {
  type ShopifyConnectorSettings,
  type ShopifyConnectorSettingsInput,
  ShopifyConnectorSettingsSchema,
  shopifyDefaultApiVersion,
} from './shopify-settings.ts';
export {
  graphqlWebhookTopic,
  type ShopifyWebhookSubscriptionPlan,
  subscribeShopifyWebhooks,
} from './shopify-webhook-subscriptions.ts';
export { shopifyWebhookTopics } from './shopify-webhooks.ts';
