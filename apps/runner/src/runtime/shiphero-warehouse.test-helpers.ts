import { randomUUID } from 'node:crypto';
import { createShipHeroSandbox, type ShipHeroSandbox } from '@stockwire/connector-shiphero/sandbox';
import { createShopifySandbox, type ShopifySandbox } from '@stockwire/connector-shopify/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { createSyncWorld, type SyncWorld } from '../test-support/sync-world.ts';

export const shopifyLocation = 'gid://shopify/Location/3001';
/** ShipHero's GraphQL id of the warehouse (legacy id 76733), as its API and webhooks name it. */
export const shipHeroWarehouseLegacyId = 76_733;

export interface ShipHeroWarehouseOptions {
  /** SKUs ShipHero holds (and, with `shopify`, Shopify sells), each with this on hand. */
  readonly skus: readonly string[];
  readonly onHand: number;
  readonly shopify: boolean;
  /** The sandbox's credit bucket; default ShipHero's announced 1,001 at 15 per second. */
  readonly credits?: { readonly maximum: number; readonly restorePerSecond: number };
  readonly pageSize?: number;
  readonly changesPageSize?: number;
}

export interface ShipHeroWarehouseWorld {
  readonly world: SyncWorld;
  readonly shipHero: ShipHeroSandbox;
  readonly warehouse: string;
  readonly shopify: ShopifySandbox | undefined;
  readonly environment: NodeJS.ProcessEnv;
  /** One Redis prefix per world: two runners of one installation share it (and so the credit bucket). */
  readonly keyPrefix: string;
  /** Where the runner's HTTP server listens, once it does: ShipHero's subscriptions deliver there. */
  listenAt(baseUrl: string): void;
  close(): Promise<void>;
}

/**
 * A ShipHero warehouse (`wh-shiphero`, ShipHero the authority for its stock) published on a Shopify store (channel
 * `online`). ShipHero's Inventory Change and Inventory Update webhooks are subscribed to the runner's
 * `/webhooks/shiphero`; the secrets `webhook_create` would return are in the environment before the runner starts.
 */
export async function createShipHeroWarehouseWorld(options: ShipHeroWarehouseOptions): Promise<ShipHeroWarehouseWorld> {
  const shipHero = await createShipHeroSandbox(options.credits === undefined ? {} : { credits: options.credits });
  const warehouse = shipHero.addWarehouse(shipHeroWarehouseLegacyId, 'Primary').uuid;
  for (const sku of options.skus) shipHero.setLevel(sku, warehouse, { on_hand: options.onHand });
  const shopify = options.shopify ? await createShopifySandbox() : undefined;
  shopify?.addLocation(shopifyLocation);
  for (const sku of options.shopify ? options.skus : []) {
    const item = shopify?.addInventoryItem(sku);
    if (item !== undefined) shopify?.setLevel(item, shopifyLocation, { available: 0, on_hand: 0 });
  }
  let receiver: string | undefined;
  const target = () => {
    if (receiver === undefined) throw new Error('ShipHero delivered before the runner listened');
    return `${receiver}/webhooks/shiphero`;
  };
  // `webhook_create` returns a secret per webhook: the connection is given both.
  const change = shipHero.subscribe('Inventory Change', target);
  const update = shipHero.subscribe('Inventory Update', target);

  const world = await createSyncWorld();
  const configuration = StockwireConfigurationSchema.parse({
    version: 1,
    locations: [
      { id: 'wh-shiphero', kind: 'warehouse' },
      { id: 'shopify-store', kind: 'warehouse' },
    ],
    skus: options.skus.map((id) => ({ id })),
    connections: {
      shiphero: {
        connector: 'shiphero',
        locations: { [warehouse]: 'wh-shiphero' },
        settings: {
          baseUrl: shipHero.baseUrl,
          authentication: { kind: 'refresh-token', refreshToken: { env: 'SHIPHERO_REFRESH_TOKEN' } },
          webhookSecret: [{ env: 'SHIPHERO_CHANGE_SECRET' }, { env: 'SHIPHERO_UPDATE_SECRET' }],
          pageSize: options.pageSize ?? 50,
          changesPageSize: options.changesPageSize ?? 50,
          pollIntervalSeconds: 15,
        },
      },
      ...(shopify === undefined
        ? {}
        : {
            shopify: {
              connector: 'shopify',
              locations: { [shopifyLocation]: 'shopify-store' },
              settings: shopify.connectionSettings({
                accessToken: 'SHOPIFY_ACCESS_TOKEN',
                apiSecretKey: 'SHOPIFY_API_SECRET',
              }),
            },
          }),
    },
    authority: [{ connections: ['shiphero'], states: '*', locations: ['wh-shiphero'] }],
    channels:
      shopify === undefined
        ? []
        : [{ id: 'online', connection: 'shopify', locations: ['wh-shiphero'], publishLocation: 'shopify-store' }],
  });
  return {
    world: { ...world, configuration },
    shipHero,
    warehouse,
    shopify,
    environment: {
      SHIPHERO_REFRESH_TOKEN: shipHero.refreshToken,
      SHIPHERO_CHANGE_SECRET: change.secret,
      SHIPHERO_UPDATE_SECRET: update.secret,
      ...(shopify === undefined
        ? {}
        : { SHOPIFY_ACCESS_TOKEN: shopify.accessToken, SHOPIFY_API_SECRET: shopify.apiSecretKey }),
    },
    keyPrefix: `shiphero-${randomUUID()}`,
    listenAt(baseUrl) {
      receiver = baseUrl;
    },
    async close() {
      await Promise.allSettled([shipHero.close(), shopify?.close()]);
    },
  };
}

/** What Shopify shows as available for a SKU at the store's location. */
export function shopifyAvailable(world: ShipHeroWarehouseWorld, sku: string): unknown {
  const shopify = world.shopify;
  const item = shopify?.itemIdOf(sku);
  return item === undefined ? undefined : shopify?.level(item, shopifyLocation)?.available;
}
