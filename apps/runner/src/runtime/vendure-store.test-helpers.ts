import { createShopifySandbox, type ShopifySandbox } from '@stockwire/connector-shopify/sandbox';
import { type StockwireConfiguration, StockwireConfigurationSchema } from '@stockwire/model';
import { StockwirePlugin } from '@stockwire/vendure-plugin';
import {
  createSuperAdminApiKey,
  createVariant,
  startVendureTestServer,
  type VendureTestServer,
} from '@stockwire/vendure-testing';
import { createSyncWorld, type SyncWorld } from '../test-support/sync-world.ts';

export const shopifyLocation = 'gid://shopify/Location/2001';
export const vendureSku = 'SKU-B';
export const vendureSecret = 'vendure-runner-shared-secret-51ad';

export interface VendureStoreWorld {
  readonly world: SyncWorld;
  readonly store: VendureStore;
  readonly shopify: ShopifySandbox;
  readonly shopifyItem: string;
  readonly environment: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/**
 * The sync world (a WMS as the stock authority of wh-1) with two storefronts selling wh-1: a real Vendure shop
 * (its default stock location is wh-1; the plugin posts to `<runner>/webhooks/vendure`) and the Shopify sandbox.
 */
export async function createVendureStoreWorld(runnerOrigin: string, stockOnHand: number): Promise<VendureStoreWorld> {
  const store = await startVendureStore({
    deliveriesUrl: `${runnerOrigin}/webhooks/vendure`,
    secret: vendureSecret,
    sku: vendureSku,
    stockOnHand,
  });
  const shopify = await createShopifySandbox();
  shopify.addLocation(shopifyLocation);
  const shopifyItem = shopify.addInventoryItem(vendureSku);
  shopify.setLevel(shopifyItem, shopifyLocation, { available: 0, on_hand: 0 });
  const world = await createSyncWorld();
  return {
    world: { ...world, configuration: configuration(world.configuration, store, shopify) },
    store,
    shopify,
    shopifyItem,
    environment: {
      VENDURE_API_KEY: store.apiKey,
      VENDURE_WEBHOOK_SECRET: vendureSecret,
      SHOPIFY_ACCESS_TOKEN: shopify.accessToken,
      SHOPIFY_API_SECRET: shopify.apiSecretKey,
    },
    async close() {
      await Promise.allSettled([store.close(), shopify.close()]);
    },
  };
}

function configuration(base: StockwireConfiguration, store: VendureStore, shopify: ShopifySandbox) {
  return StockwireConfigurationSchema.parse({
    ...base,
    connections: {
      ...base.connections,
      vendure: {
        connector: 'vendure',
        locations: { [store.stockLocationId]: 'wh-1' },
        settings: {
          adminApiUrl: store.vendure.adminApiUrl,
          channel: store.vendure.channelToken,
          authentication: { kind: 'api-key', apiKey: { env: 'VENDURE_API_KEY' } },
          webhookSecret: { env: 'VENDURE_WEBHOOK_SECRET' },
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
    },
    // The shop's orders commit stock at wh-1; the ERP owns everything else there.
    authority: [{ connections: ['vendure'], states: ['committed'], locations: ['wh-1'] }, ...base.authority],
    channels: [
      ...base.channels,
      { id: 'vendure-web', connection: 'vendure', locations: ['wh-1'], publishLocation: 'wh-1' },
      { id: 'online', connection: 'shopify', locations: ['wh-1'], publishLocation: 'wh-2' },
    ],
  });
}

/** What Shopify shows as available for the SKU. */
export function shopifyAvailable(world: VendureStoreWorld): unknown {
  return world.shopify.level(world.shopifyItem, shopifyLocation)?.available;
}

export interface VendureStore {
  readonly vendure: VendureTestServer;
  readonly apiKey: string;
  readonly variantId: string;
  /** Vendure's default stock location, as the Admin API names it. */
  readonly stockLocationId: string;
  /** What the plugin's outbox has done so far (deliveries, attempts, drops). */
  statistics(): { queued: number; delivered: number; attempts: number; rejected: number; dropped: number };
  close(): Promise<void>;
}

/**
 * A real Vendure shop with `@stockwire/vendure-plugin` posting to `deliveriesUrl` (the runner's webhook endpoint),
 * and one variant under `sku` at the default stock location, for runner-level tests outside this package.
 */
export async function startVendureStore(options: {
  readonly deliveriesUrl: string;
  readonly secret: string;
  readonly sku: string;
  readonly stockOnHand: number;
}): Promise<VendureStore> {
  const vendure = await startVendureTestServer({
    plugins: [
      StockwirePlugin.init({
        targets: [{ url: options.deliveriesUrl, secret: options.secret }],
        initialRetryDelayMs: 100,
        maxRetryDelayMs: 500,
      }),
    ],
  });
  const stockLocationId = 'T_1';
  const apiKey = await createSuperAdminApiKey(vendure, 'stockwire-runner');
  const variantId = await createVariant(vendure, options.sku, [{ stockLocationId, stockOnHand: options.stockOnHand }]);
  return {
    vendure,
    apiKey,
    variantId,
    stockLocationId,
    statistics: () => ({
      ...(StockwirePlugin.outboxes[0]?.statistics ?? { queued: 0, delivered: 0, attempts: 0, rejected: 0, dropped: 0 }),
    }),
    close: () => vendure.close(),
  };
}
