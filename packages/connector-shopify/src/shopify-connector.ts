import type {
  ConnectorCapabilitiesV1,
  ConnectorContextV1,
  ConnectorDefinitionV1,
  ConnectorV1,
  RateLimiter,
} from '@stockwire/connector-kit';
import { createShopifyBulkSnapshot } from './shopify-bulk-snapshot.ts';
import { createShopifyCatalog } from './shopify-catalog.ts';
import { createShopifyGraphql } from './shopify-graphql.ts';
import { pushShopifyQuantities } from './shopify-inventory-push.ts';
import { readShopifySnapshot } from './shopify-inventory-read.ts';
import { shopifyMaxBatchSize, shopifyRateLimits } from './shopify-rate-limits.ts';
import {
  parseShopifySettings,
  readShopifySecret,
  type ShopifyConnectorSettings,
  type ShopifyConnectorSettingsInput,
  ShopifyConnectorSettingsSchema,
} from './shopify-settings.ts';
import { createShopifyWebhookParser, shopifyWebhookTopics, verifyShopifyWebhook } from './shopify-webhooks.ts';

export const shopifyConnectorKind = 'shopify';

/**
 * What the Shopify connector can do, as data. Compare-and-set: `inventorySetQuantities` refuses a quantity whose
 * `changeFromQuantity` no longer matches (CHANGE_FROM_QUANTITY_STALE).
 */
export function shopifyConnectorCapabilities(
  settings: Pick<ShopifyConnectorSettings, 'snapshotMode'>,
): ConnectorCapabilitiesV1 {
  return {
    snapshot: { mode: settings.snapshotMode },
    push: { maxBatchSize: shopifyMaxBatchSize, absolute: true, compareAndSet: true },
    webhooks: { topics: [...shopifyWebhookTopics] },
  };
}

export interface ShopifyConnectorOptions {
  /**
   * The store's shared cost-bucket limiter (`createRateLimiter({ policy: shopifyRateLimits, account })`): each call
   * reserves its estimated cost first and settles with Shopify's `throttleStatus`. Without it, THROTTLED answers
   * still become RateLimitedError with the wait Shopify implies.
   */
  readonly limiter?: RateLimiter | undefined;
}

/** The Shopify connector for one store. Settings are checked now; nothing is called until used. */
export function createShopifyConnector(
  settings: ShopifyConnectorSettingsInput,
  context: ConnectorContextV1,
  options: ShopifyConnectorOptions = {},
): ConnectorV1 {
  const { mapping } = context;
  const connection = mapping.connection;
  const valid = parseShopifySettings(settings, connection);
  const environment = context.environment ?? process.env;
  const graphql = createShopifyGraphql({ settings: valid, connection, environment, limiter: options.limiter });
  const catalog = createShopifyCatalog(graphql, connection);
  const readBulkSnapshot = createShopifyBulkSnapshot({
    graphql,
    mapping,
    pageSize: valid.pageSize,
    now: () => new Date(),
    download: (url) => fetch(url),
  });
  const parseWebhook = createShopifyWebhookParser({
    mapping,
    onlineOrderLocation: valid.onlineOrderLocation,
    shippingRegions: valid.shippingRegions,
    skuOfInventoryItem: (inventoryItemId) => catalog.skuOf(inventoryItemId),
  });
  return {
    specificationVersion: 'v1',
    connector: shopifyConnectorKind,
    connection,
    capabilities: shopifyConnectorCapabilities(valid),
    rateLimits: shopifyRateLimits,
    readSnapshot: (request) =>
      valid.snapshotMode === 'bulk'
        ? readBulkSnapshot(request)
        : readShopifySnapshot(
            { graphql, mapping, pageSize: valid.pageSize, levelsPerItem: valid.levelsPerItem, now: () => new Date() },
            request,
          ),
    pushQuantities: (request) => pushShopifyQuantities({ graphql, catalog, mapping }, request),
    verifyWebhook: async (webhook) =>
      verifyShopifyWebhook(
        webhook,
        readShopifySecret(valid.apiSecretKey, 'apiSecretKey', environment, connection),
        connection,
      ),
    parseWebhook: async (webhook) => parseWebhook(webhook),
  };
}

/** The package's default export: the runner validates settings with the schema, then creates connectors. */
export const shopifyConnector: ConnectorDefinitionV1<ShopifyConnectorSettings> = {
  specificationVersion: 'v1',
  connector: shopifyConnectorKind,
  settingsSchema: ShopifyConnectorSettingsSchema,
  // Under a runner, the store's cost bucket is shared by every process through the context's limiter.
  create: (settings, context) =>
    createShopifyConnector(settings, context, { limiter: context.sharedLimiter?.(shopifyRateLimits) }),
};
