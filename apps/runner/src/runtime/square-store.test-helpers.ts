import { type AmazonSandbox, createAmazonSandbox } from '@stockwire/connector-amazon/sandbox';
import { createShopifySandbox, type ShopifySandbox } from '@stockwire/connector-shopify/sandbox';
import { createSquareSandbox, type SquareSandbox } from '@stockwire/connector-square/sandbox';
import { type StockwireConfiguration, StockwireConfigurationSchema } from '@stockwire/model';
import { createSyncWorld, type SyncWorld } from '../test-support/sync-world.ts';

/** Square's id of the store's sales floor: Square owns it (its counter sales are Square's own decrements). */
export const squareShelf = 'LSHELF000001';
/** Square's id of the store's back room, which the ERP (the WMS file connection) fills and owns. */
export const squareBackRoom = 'LBACKROOM001';
export const shopifyLocation = 'gid://shopify/Location/2001';
export const amazonMarketplace = 'ATVPDKIKX0DER';
/** The SKU the store sells at the counter and online (no aliases: every system calls it by its canonical id). */
export const storeSku = 'SKU-B';

export interface SquareStoreWorld {
  readonly world: SyncWorld;
  readonly square: SquareSandbox;
  readonly shopify: ShopifySandbox;
  readonly amazon: AmazonSandbox;
  readonly shopifyItem: string;
  readonly squareVariation: string;
  readonly environment: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/**
 * The sync world (a WMS as the ERP) plus a Square store with two Square locations — the shelf Square owns
 * (`store-1`, the authority there) and the back room the ERP owns (`backroom-1`, channel `store-backroom` pushes it
 * into Square) — and two online channels that sell the shelf: a Shopify store and Amazon merchant-fulfilled.
 */
export async function createSquareStoreWorld(shelfCount: number): Promise<SquareStoreWorld> {
  const square = await createSquareSandbox();
  const shopify = await createShopifySandbox();
  const amazon = await createAmazonSandbox();
  square.addLocation(squareShelf, 'Sales floor');
  square.addLocation(squareBackRoom, 'Back room');
  const squareVariation = square.addVariation(storeSku);
  square.setCount(squareVariation, squareShelf, 'IN_STOCK', String(shelfCount));
  square.setCount(squareVariation, squareBackRoom, 'IN_STOCK', '0');
  shopify.addLocation(shopifyLocation);
  const shopifyItem = shopify.addInventoryItem(storeSku);
  shopify.setLevel(shopifyItem, shopifyLocation, { available: 0, on_hand: 0 });
  amazon.setListing(amazonMarketplace, storeSku, 0);

  const world = await createSyncWorld();
  const configuration = storeConfiguration(world.configuration, { square, shopify, amazon });
  return {
    world: { ...world, configuration },
    square,
    shopify,
    amazon,
    shopifyItem,
    squareVariation,
    environment: {
      SQUARE_ACCESS_TOKEN: square.accessToken,
      SQUARE_SIGNATURE_KEY: square.signatureKey,
      SHOPIFY_ACCESS_TOKEN: shopify.accessToken,
      SHOPIFY_API_SECRET: shopify.apiSecretKey,
      AMAZON_CLIENT_ID: amazon.credentials.clientId,
      AMAZON_CLIENT_SECRET: amazon.credentials.clientSecret,
      AMAZON_REFRESH_TOKEN: amazon.credentials.refreshToken,
    },
    async close() {
      await Promise.allSettled([square.close(), shopify.close(), amazon.close()]);
    },
  };
}

function storeConfiguration(
  base: StockwireConfiguration,
  sandboxes: { square: SquareSandbox; shopify: ShopifySandbox; amazon: AmazonSandbox },
): StockwireConfiguration {
  const { square, shopify, amazon } = sandboxes;
  const wms = base.connections.wms;
  if (wms === undefined) throw new Error('the sync world has no wms connection');
  return StockwireConfigurationSchema.parse({
    ...base,
    locations: [
      ...base.locations,
      { id: 'store-1', kind: 'store' },
      { id: 'backroom-1', kind: 'store' },
      { id: 'amazon-us', kind: 'marketplace-fulfilled' },
    ],
    connections: {
      ...base.connections,
      wms: { ...wms, locations: { ...wms.locations, BACK: 'backroom-1' } },
      square: {
        connector: 'square',
        locations: { [squareShelf]: 'store-1', [squareBackRoom]: 'backroom-1' },
        settings: {
          accessToken: { env: 'SQUARE_ACCESS_TOKEN' },
          webhookSignatureKey: { env: 'SQUARE_SIGNATURE_KEY' },
          notificationUrl: square.notificationUrl,
          baseUrl: square.baseUrl,
          writableLocations: [squareBackRoom],
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
          // One SKU changes at a time: patch it rather than wait for a feed's processing.
          feedThreshold: 50,
          endpoint: amazon.baseUrl,
        },
      },
    },
    // Specific rules first: Square owns the store's shelf, Amazon its FBA stock, the ERP everything else.
    authority: [
      { connections: ['square'], states: '*', locations: ['store-1'] },
      { connections: ['amazon'], states: '*', locations: ['amazon-us'] },
      ...base.authority,
    ],
    channels: [
      // Both online channels sell the store's shelf; each shows the number where its vendor keeps it.
      { id: 'online', connection: 'shopify', locations: ['store-1'], publishLocation: 'wh-2' },
      { id: 'amazon-fbm', connection: 'amazon', locations: ['store-1'], publishLocation: 'amazon-us' },
      { id: 'store-backroom', connection: 'square', locations: ['backroom-1'] },
    ],
  });
}

/** What Shopify shows as available for the store's SKU. */
export function shopifyAvailable(store: SquareStoreWorld): unknown {
  return store.shopify.level(store.shopifyItem, shopifyLocation)?.available;
}

/** The Square locations a batch-create request of the connector wrote into. */
export function squareWrittenLocations(square: SquareSandbox): string[] {
  const written = new Set<string>();
  for (const { request } of square.answers) {
    if (!request.path.endsWith('/v2/inventory/changes/batch-create')) continue;
    const body = JSON.parse(request.bodyText) as {
      changes?: Array<{ physical_count?: { location_id?: string }; adjustment?: { location_id?: string } }>;
    };
    for (const change of body.changes ?? []) {
      const location = change.physical_count?.location_id ?? change.adjustment?.location_id;
      if (location !== undefined) written.add(location);
    }
  }
  return [...written];
}
