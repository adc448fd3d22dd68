import { randomBytes, randomUUID } from 'node:crypto';
import { createShipBobSandbox, type ShipBobSandbox } from '@stockwire/connector-shipbob/sandbox';
import { createShopifySandbox, type ShopifySandbox } from '@stockwire/connector-shopify/sandbox';
import { type StockwireConfiguration, StockwireConfigurationSchema } from '@stockwire/model';
import { createSyncWorld, type SyncWorld } from '../test-support/sync-world.ts';

/** ShipBob's fulfilment centre id (Cicero in ShipBob's examples) and the Shopify location that shows its stock. */
export const cicero = 10;
export const shopifyNorth = 'gid://shopify/Location/1001';
export const shipBobEnvironment = { token: 'SHIPBOB_TOKEN', webhookSecret: 'SHIPBOB_WEBHOOK_SECRET' } as const;

/** The `whsec_` secret a ShipBob webhook subscription is created with (base64 after the prefix). */
export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

export interface ShipBobWorld {
  readonly world: SyncWorld;
  readonly shipBob: ShipBobSandbox;
  readonly shopify: ShopifySandbox | undefined;
  readonly environment: NodeJS.ProcessEnv;
  /** A key prefix of its own, so runners of one world share queues and limiters and no other test's. */
  readonly keyPrefix: string;
  close(): Promise<void>;
}

/** ShipBob settings pointing at the sandbox, secrets by environment variable. */
function shipBobSettings(shipBob: ShipBobSandbox, pageSize: number) {
  return {
    baseUrl: shipBob.baseUrl,
    apiVersion: shipBob.apiVersion,
    authentication: { kind: 'personal-access-token', token: { env: shipBobEnvironment.token } },
    webhookSecret: { env: shipBobEnvironment.webhookSecret },
    pageSize,
  };
}

/**
 * An installation where ShipBob (connection `shipbob`, the only authority) holds the stock of its Cicero
 * fulfilment centre (`fc-cicero`) and, with `shopify`, a Shopify store (connection `shopify`) publishes channel
 * `store` from it, with a preorder policy on `preorderSkus`.
 */
export async function createShipBobWorld(options: {
  readonly skus: readonly string[];
  readonly shopify: boolean;
  readonly preorderSkus?: readonly string[];
  readonly pageSize?: number;
}): Promise<ShipBobWorld> {
  const world = await createSyncWorld();
  const shipBob = await createShipBobSandbox();
  shipBob.addFulfillmentCenter(cicero, 'Cicero (IL)');
  const shopify = options.shopify ? await createShopifySandbox() : undefined;
  shopify?.addLocation(shopifyNorth);
  const webhookSecret = newWebhookSecret();
  const preorderSkus = options.preorderSkus ?? [];
  const raw = {
    version: 1,
    locations: [{ id: 'fc-cicero', kind: 'warehouse' }],
    skus: options.skus.map((id) => ({ id })),
    connections: {
      shipbob: {
        connector: 'shipbob',
        locations: { [String(cicero)]: 'fc-cicero' },
        settings: shipBobSettings(shipBob, options.pageSize ?? 100),
      },
      ...(shopify === undefined
        ? {}
        : {
            shopify: {
              connector: 'shopify',
              locations: { [shopifyNorth]: 'fc-cicero' },
              settings: shopify.connectionSettings({
                accessToken: 'SHOPIFY_ACCESS_TOKEN',
                apiSecretKey: 'SHOPIFY_API_SECRET',
              }),
            },
          }),
    },
    authority: [{ connections: ['shipbob'], locations: ['fc-cicero'], states: '*' }],
    channels:
      shopify === undefined
        ? []
        : [
            {
              id: 'store',
              connection: 'shopify',
              locations: ['fc-cicero'],
              ...(preorderSkus.length === 0
                ? {}
                : { overrides: [{ skus: preorderSkus, policy: { preorder: { horizonDays: 30 } } }] }),
            },
          ],
  };
  const configuration: StockwireConfiguration = StockwireConfigurationSchema.parse(raw);
  return {
    world: { ...world, configuration },
    shipBob,
    shopify,
    environment: {
      [shipBobEnvironment.token]: shipBob.personalAccessToken,
      [shipBobEnvironment.webhookSecret]: webhookSecret,
      ...(shopify === undefined
        ? {}
        : { SHOPIFY_ACCESS_TOKEN: shopify.accessToken, SHOPIFY_API_SECRET: shopify.apiSecretKey }),
    },
    keyPrefix: `shipbob-${randomUUID()}`,
    async close() {
      await shipBob.close();
      await shopify?.close();
    },
  };
}
