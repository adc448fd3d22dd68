import { createNetSuiteSandbox, type NetSuiteSandbox } from '@stockwire/connector-netsuite/sandbox';
import { createShopifySandbox, type ShopifySandbox } from '@stockwire/connector-shopify/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { createSyncWorld, type SyncWorld } from '../test-support/sync-world.ts';

/** NetSuite's internal id of the location mapped to wh-1. */
export const netSuiteWarehouse = 1;
export const shopifyLocation = 'gid://shopify/Location/3001';

export interface NetSuiteErpWorld {
  readonly world: SyncWorld;
  readonly netsuite: NetSuiteSandbox;
  readonly shopify: ShopifySandbox;
  /** NetSuite's item internal id and Shopify's inventory item id, by canonical SKU. */
  readonly items: ReadonlyMap<string, { readonly netsuite: number; readonly shopify: string }>;
  readonly environment: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/**
 * The sync world with NetSuite (token-based auth, `concurrencySlots` = the account's limit) as the authority for
 * on hand at wh-1 and a Shopify store (channel `online`) selling wh-1. Every SKU exists as a NetSuite item first,
 * as an ERP's item master does.
 */
export async function createNetSuiteErpWorld(
  options: {
    concurrencyLimit?: number;
    holdMs?: number;
    pageSize?: number;
    skus?: readonly string[];
    /** NetSuite also owns committed at wh-1, and its sales orders become reservations. */
    reservations?: boolean;
  } = {},
): Promise<NetSuiteErpWorld> {
  const concurrencyLimit = options.concurrencyLimit ?? 5;
  const netsuite = await createNetSuiteSandbox({ concurrencyLimit, holdMs: options.holdMs ?? 0 });
  const shopify = await createShopifySandbox();
  netsuite.addLocation(netSuiteWarehouse, 'Main warehouse');
  shopify.addLocation(shopifyLocation);
  const world = await createSyncWorld();
  const skus = options.skus ?? world.skus.filter((sku) => sku !== 'SKU-A');
  const items = new Map<string, { netsuite: number; shopify: string }>();
  for (const sku of skus) {
    const shopifyItem = shopify.addInventoryItem(sku);
    shopify.setLevel(shopifyItem, shopifyLocation, { available: 0, on_hand: 0 });
    items.set(sku, { netsuite: netsuite.addItem(sku), shopify: shopifyItem });
  }
  const base = world.configuration;
  const configuration = StockwireConfigurationSchema.parse({
    ...base,
    skus: [...base.skus, ...skus.filter((sku) => !base.skus.some((known) => known.id === sku)).map((id) => ({ id }))],
    connections: {
      ...base.connections,
      netsuite: {
        connector: 'netsuite',
        locations: { [String(netSuiteWarehouse)]: 'wh-1' },
        settings: {
          account: netsuite.account,
          baseUrl: netsuite.baseUrl,
          authentication: {
            kind: 'token-based',
            consumerKey: { env: 'NETSUITE_CONSUMER_KEY' },
            consumerSecret: { env: 'NETSUITE_CONSUMER_SECRET' },
            tokenId: { env: 'NETSUITE_TOKEN_ID' },
            tokenSecret: { env: 'NETSUITE_TOKEN_SECRET' },
          },
          concurrencySlots: concurrencyLimit,
          ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
          ...(options.reservations === true ? { reservations: {} } : {}),
        },
      },
      shopify: {
        connector: 'shopify',
        locations: { [shopifyLocation]: 'wh-1' },
        settings: shopify.connectionSettings({
          accessToken: 'SHOPIFY_ACCESS_TOKEN',
          apiSecretKey: 'SHOPIFY_API_SECRET',
        }),
      },
    },
    // NetSuite owns on hand at the warehouse; the rest stays with the world's WMS.
    authority: [
      {
        connections: ['netsuite'],
        states: options.reservations === true ? ['onHand', 'committed'] : ['onHand'],
        locations: ['wh-1'],
      },
      ...base.authority,
    ],
    channels: [{ id: 'online', connection: 'shopify', locations: ['wh-1'] }],
  });
  return {
    world: { ...world, configuration },
    netsuite,
    shopify,
    items,
    environment: {
      NETSUITE_CONSUMER_KEY: netsuite.tba.consumerKey,
      NETSUITE_CONSUMER_SECRET: netsuite.tba.consumerSecret,
      NETSUITE_TOKEN_ID: netsuite.tba.tokenId,
      NETSUITE_TOKEN_SECRET: netsuite.tba.tokenSecret,
      SHOPIFY_ACCESS_TOKEN: shopify.accessToken,
      SHOPIFY_API_SECRET: shopify.apiSecretKey,
    },
    async close() {
      await Promise.allSettled([netsuite.close(), shopify.close()]);
    },
  };
}

/** What Shopify shows as available for a SKU at the store's location. */
export function shopifyAvailable(erp: NetSuiteErpWorld, sku: string): unknown {
  const item = erp.items.get(sku);
  return item === undefined ? undefined : erp.shopify.level(item.shopify, shopifyLocation)?.available;
}
