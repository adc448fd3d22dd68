import type {
  ConnectorCapabilityDescriptionV2,
  ConnectorContextV2,
  ConnectorDefinitionV2,
  ConnectorV2,
  ConnectorWithV2,
  RateLimiterV2,
} from '@stockwire/connector-spec';
import { shopifyListingStatuses } from './map-shopify-listing-status.ts';
import { createShopifyBulkSnapshot } from './shopify-bulk-snapshot.ts';
import { createShopifyCatalog } from './shopify-catalog.ts';
import { createShopifyCheck } from './shopify-check.ts';
import { createShopifyGraphql } from './shopify-graphql.ts';
import { pushShopifyQuantities } from './shopify-inventory-push.ts';
import { readShopifySnapshot } from './shopify-inventory-read.ts';
import { createShopifyOrderLines } from './shopify-order-lines.ts';
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
export function shopifyConnectorCapabilities(settings: Pick<ShopifyConnectorSettings, 'snapshotMode'>) {
  return {
    snapshot: { mode: settings.snapshotMode },
    // Quantities through inventorySetQuantities; every status as the variant's inventoryPolicy (README).
    push: {
      maxBatchSize: shopifyMaxBatchSize,
      absolute: true,
      compareAndSet: true,
      listingStatuses: shopifyListingStatuses,
    },
    webhooks: { topics: [...shopifyWebhookTopics] },
  } as const satisfies ConnectorCapabilityDescriptionV2;
}

export interface ShopifyConnectorOptions {
  /**
   * The store's shared cost-bucket limiter (`createRateLimiter({ policy: shopifyRateLimits, account })`): each call
   * reserves its estimated cost first and settles with Shopify's `throttleStatus`. Without it, THROTTLED answers
   * still become RateLimitedError with the wait Shopify implies.
   */
  readonly limiter?: RateLimiterV2 | undefined;
}

/** The Shopify connector's capabilities are all present, so callers need no optional calls. */
export type ShopifyConnector = ConnectorWithV2<'snapshot' | 'push' | 'webhooks', ConnectorV2<never, never>> & {
  readonly check: NonNullable<ConnectorV2['check']>;
};

/** The Shopify connector for one store. Settings are checked now; nothing is called until used. */
export function createShopifyConnector(
  settings: ShopifyConnectorSettingsInput,
  context: ConnectorContextV2,
  options: ShopifyConnectorOptions = {},
): ShopifyConnector {
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
    levelsPerItem: valid.levelsPerItem,
    now: () => new Date(),
    // Streamed page by page: each page (and the answer's headers) within one request timeout, not the whole file.
    download: (url, signal) => fetch(url, { signal }),
    readTimeoutMs: valid.requestTimeoutMs,
  });
  const parseWebhook = createShopifyWebhookParser({
    mapping,
    onlineOrderLocation: valid.onlineOrderLocation,
    shippingRegions: valid.shippingRegions,
    skuOfInventoryItem: (inventoryItemId) => catalog.skuOf(inventoryItemId),
    orderLines: createShopifyOrderLines(graphql, connection),
  });
  const capabilities = shopifyConnectorCapabilities(valid);
  return {
    specificationVersion: 'v2',
    connector: shopifyConnectorKind,
    connection,
    rateLimits: shopifyRateLimits,
    snapshot: {
      ...capabilities.snapshot,
      read: (request) =>
        valid.snapshotMode === 'bulk'
          ? readBulkSnapshot(request)
          : readShopifySnapshot(
              { graphql, mapping, pageSize: valid.pageSize, levelsPerItem: valid.levelsPerItem, now: () => new Date() },
              request,
            ),
    },
    push: { ...capabilities.push, push: (request) => pushShopifyQuantities({ graphql, catalog, mapping }, request) },
    webhooks: {
      ...capabilities.webhooks,
      verify: async (webhook) =>
        verifyShopifyWebhook(
          webhook,
          readShopifySecret(valid.apiSecretKey, 'apiSecretKey', environment, connection),
          connection,
          valid.shop,
        ),
      parse: async (webhook) => parseWebhook(webhook),
    },
    check: createShopifyCheck(graphql, valid.requestTimeoutMs),
  };
}

/** The package's default export: the runner validates settings with the schema, then creates connectors. */
export const shopifyConnector = {
  specificationVersion: 'v2',
  connector: shopifyConnectorKind,
  settingsSchema: ShopifyConnectorSettingsSchema,
  // Under a runner, the store's cost bucket is shared by every process through the context's limiter.
  create: (settings, context) =>
    createShopifyConnector(settings, context, { limiter: context.sharedLimiter?.(shopifyRateLimits) }),
} satisfies ConnectorDefinitionV2<ShopifyConnectorSettings>;
