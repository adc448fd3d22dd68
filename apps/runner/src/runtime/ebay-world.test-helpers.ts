import { type AmazonSandbox, createAmazonSandbox } from '@stockwire/connector-amazon/sandbox';
import { createEbaySandbox, type EbaySandbox } from '@stockwire/connector-ebay/sandbox';
import { createShopifySandbox, type ShopifySandbox } from '@stockwire/connector-shopify/sandbox';
import { type StockwireConfiguration, StockwireConfigurationSchema } from '@stockwire/model';
import { createSyncWorld, type SyncWorld, worldSkus } from '../test-support/sync-world.ts';

export const shopifyLocation = 'gid://shopify/Location/2001';
export const amazonMarketplace = 'ATVPDKIKX0DER';
/** The seller's eBay merchant location for the warehouse the WMS calls WH1 (`wh-1`). */
export const ebayWarehouse = 'WAREHOUSE-1';
/** The SKU sold everywhere: on eBay, in the Shopify store and on Amazon (merchant-fulfilled from wh-1). */
export const sharedSku = 'SKU-B';
/** 25 SKUs on eBay (one full bulk_update_price_quantity call): the world's four and 21 more. */
export const ebaySkus: readonly string[] = [
  ...worldSkus,
  ...Array.from({ length: 21 }, (_, index) => `SKU-E${String(index + 1).padStart(2, '0')}`),
];

export interface EbayWorld {
  readonly world: SyncWorld;
  readonly ebay: EbaySandbox;
  readonly shopify: ShopifySandbox;
  readonly amazon: AmazonSandbox;
  readonly shopifyItem: string;
  readonly environment: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/**
 * The sync world (the WMS is the authority for its warehouses) with 25 SKUs, and three channels selling wh-1: eBay
 * (every SKU, at the merchant location WAREHOUSE-1), a Shopify store and Amazon merchant-fulfilled (the shared SKU).
 * eBay's orders are routed by the engine to wh-1 (eBay names no location for shipped orders), so eBay is the
 * authority for what its orders commit there.
 */
export async function createEbayWorld(): Promise<EbayWorld> {
  const ebay = await createEbaySandbox();
  const shopify = await createShopifySandbox();
  const amazon = await createAmazonSandbox();
  for (const sku of ebaySkus) ebay.listSku(sku, { locations: { [ebayWarehouse]: 0 } });
  shopify.addLocation(shopifyLocation);
  const shopifyItem = shopify.addInventoryItem(sharedSku);
  shopify.setLevel(shopifyItem, shopifyLocation, { available: 0, on_hand: 0 });
  amazon.setListing(amazonMarketplace, sharedSku, 0);

  const world = await createSyncWorld();
  return {
    world: { ...world, configuration: ebayConfiguration(world.configuration, { ebay, shopify, amazon }) },
    ebay,
    shopify,
    amazon,
    shopifyItem,
    environment: {
      EBAY_CLIENT_ID: ebay.credentials.clientId,
      EBAY_CLIENT_SECRET: ebay.credentials.clientSecret,
      EBAY_REFRESH_TOKEN: ebay.credentials.refreshToken,
      SHOPIFY_ACCESS_TOKEN: shopify.accessToken,
      SHOPIFY_API_SECRET: shopify.apiSecretKey,
      AMAZON_CLIENT_ID: amazon.credentials.clientId,
      AMAZON_CLIENT_SECRET: amazon.credentials.clientSecret,
      AMAZON_REFRESH_TOKEN: amazon.credentials.refreshToken,
    },
    async close() {
      await Promise.allSettled([ebay.close(), shopify.close(), amazon.close()]);
    },
  };
}

function ebayConfiguration(
  base: StockwireConfiguration,
  sandboxes: { ebay: EbaySandbox; shopify: ShopifySandbox; amazon: AmazonSandbox },
): StockwireConfiguration {
  const { ebay, shopify, amazon } = sandboxes;
  const known = new Set<string>(worldSkus);
  return StockwireConfigurationSchema.parse({
    ...base,
    locations: [...base.locations, { id: 'amazon-us', kind: 'marketplace-fulfilled' }],
    skus: [...base.skus, ...ebaySkus.filter((sku) => !known.has(sku)).map((id) => ({ id }))],
    connections: {
      ...base.connections,
      ebay: {
        connector: 'ebay',
        locations: { [ebayWarehouse]: 'wh-1' },
        settings: {
          baseUrl: ebay.baseUrl,
          clientId: { env: 'EBAY_CLIENT_ID' },
          clientSecret: { env: 'EBAY_CLIENT_SECRET' },
          refreshToken: { env: 'EBAY_REFRESH_TOKEN' },
        },
      },
      shopify: {
        connector: 'shopify',
        locations: { [shopifyLocation]: 'wh-2' },
        settings: shopify.connectionSettings({
          accessToken: 'SHOPIFY_ACCESS_TOKEN',
          apiSecretKey: 'SHOPIFY_API_SECRET',
        }),
      },
      amazon: {
        connector: 'amazon',
        locations: { [amazonMarketplace]: 'amazon-us' },
        settings: {
          sellerId: amazon.sellerId,
          marketplaceIds: [amazonMarketplace],
          clientId: { env: 'AMAZON_CLIENT_ID' },
          clientSecret: { env: 'AMAZON_CLIENT_SECRET' },
          refreshToken: { env: 'AMAZON_REFRESH_TOKEN' },
          feedThreshold: 50,
          endpoint: amazon.baseUrl,
        },
      },
    },
    authority: [
      { connections: ['ebay'], states: ['committed'], locations: ['wh-1'] },
      { connections: ['amazon'], states: '*', locations: ['amazon-us'] },
      ...base.authority,
    ],
    channels: [
      ...base.channels,
      { id: 'ebay', connection: 'ebay', locations: ['wh-1'], publishLocation: 'wh-1' },
      { id: 'online', connection: 'shopify', locations: ['wh-1'], publishLocation: 'wh-2', skus: [sharedSku] },
      { id: 'amazon-fbm', connection: 'amazon', locations: ['wh-1'], publishLocation: 'amazon-us', skus: [sharedSku] },
    ],
  });
}

/** What Shopify shows as available for the shared SKU. */
export function shopifyAvailable(world: EbayWorld): unknown {
  return world.shopify.level(world.shopifyItem, shopifyLocation)?.available;
}

/** The bulk_update_price_quantity calls eBay received: SKUs sent and per-item status codes answered. */
export function ebayBulkUpdates(ebay: EbaySandbox) {
  return ebay.exchanges
    .filter((call) => call.path === '/sell/inventory/v1/bulk_update_price_quantity')
    .map((call) => ({
      status: call.status,
      skus: ((call.json as { requests?: Array<{ sku: string }> }).requests ?? []).map((request) => request.sku),
      answers: (
        (call.response?.body as { responses?: Array<{ sku: string; statusCode: number }> })?.responses ?? []
      ).map((answer) => [answer.sku, answer.statusCode] as const),
    }));
}
