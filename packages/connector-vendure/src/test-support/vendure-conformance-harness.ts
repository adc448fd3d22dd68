import { createConnectionMapping } from '@stockwire/connector-kit';
import {
  type ConformanceInputOptions,
  type ConformanceInventoryRecord,
  type ConnectorConformanceHarness,
  conformanceChannel,
  createConformanceConfiguration,
} from '@stockwire/connector-kit/testing';
import type { RawWebhookV2 } from '@stockwire/connector-spec';
import { buildCatalog } from '@stockwire/model';
import {
  type StockwireDelivery,
  type StockwireMovementPayload,
  signStockwireDelivery,
  stockwireDeliveryHeaders,
} from '@stockwire/vendure-plugin';
import {
  createStockLocation,
  createSuperAdminApiKey,
  createVariant,
  type SeedStockLevel,
  setStockLevels,
  startVendureTestServer,
  type VendureTestServer,
} from '@stockwire/vendure-testing';
import { vendureListingStatuses } from '../map-vendure-listing.ts';
import { createVendureConnector } from '../vendure-connector.ts';
import { vendureWebhookTopics } from '../vendure-deliveries.ts';
import type { VendureConnectorSettingsInput } from '../vendure-settings.ts';
import { type FaultProxy, startFaultProxy } from './fault-proxy.ts';

export const conformanceConnection = 'vendure-store';
export const apiKeyVariable = 'VENDURE_API_KEY';
export const webhookSecretVariable = 'VENDURE_WEBHOOK_SECRET';
export const webhookSecret = 'conformance-shared-secret-8d2e';
/** Vendure's default stock location (created at bootstrap) and the one the harness creates. */
export const north = 'T_1';
export const south = 'T_2';
// The longest the hang check allows: a real server on a loaded 2-core machine can take seconds to answer.
const requestTimeoutMs = 5_000;

export const conformanceConfiguration = createConformanceConfiguration({
  connection: conformanceConnection,
  connector: 'vendure',
  externalLocations: { north, south },
});
export const catalog = buildCatalog(conformanceConfiguration);
const vendorSku = (sku: string) => catalog.externalSku(conformanceConnection, sku);
const vendorLocation = (location: string) => catalog.externalLocation(conformanceConnection, location) ?? location;

export interface VendureWorld {
  readonly vendure: VendureTestServer;
  readonly proxy: FaultProxy;
  readonly apiKey: string;
}

/** A real Vendure server with a second stock location, an API key and a fault proxy in front. */
export async function startVendureWorld(): Promise<VendureWorld> {
  const vendure = await startVendureTestServer();
  const created = await createStockLocation(vendure, 'South');
  if (created !== south)
    throw new Error(`Vendure gave the second stock location id ${created}, the harness maps ${south}`);
  const apiKey = await createSuperAdminApiKey(vendure, 'stockwire-conformance');
  const proxy = await startFaultProxy(vendure.port);
  return { vendure, proxy, apiKey };
}

export function connectorSettings(world: VendureWorld, overrides: Partial<VendureConnectorSettingsInput> = {}) {
  return {
    adminApiUrl: `${world.proxy.origin}/admin-api`,
    channel: world.vendure.channelToken,
    authentication: { kind: 'api-key', apiKey: { env: apiKeyVariable } },
    webhookSecret: { env: webhookSecretVariable },
    requestTimeoutMs,
    pageSize: 2,
    ...overrides,
  } satisfies VendureConnectorSettingsInput;
}

export function worldConnector(world: VendureWorld, overrides: Partial<VendureConnectorSettingsInput> = {}) {
  return createVendureConnector(connectorSettings(world, overrides) as never, {
    mapping: createConnectionMapping(catalog, conformanceConnection),
    environment: { [apiKeyVariable]: world.apiKey, [webhookSecretVariable]: webhookSecret },
  });
}

/**
 * Soft-deletes every product (Vendure keeps them, but no list shows them again) and every stock location the
 * connection does not map: the remote starts empty. A Vendure variant has a level at every stock location of its
 * channel, so an unmapped location exists only while a check asks for one.
 */
export async function emptyRemote(vendure: VendureTestServer): Promise<void> {
  const locations = await vendure.admin<{ stockLocations: { items: Array<{ id: string }> } }>(
    '{ stockLocations(options: { take: 100 }) { items { id } } }',
  );
  const unmapped = locations.stockLocations.items.filter((location) => location.id !== north && location.id !== south);
  if (unmapped.length > 0) {
    await vendure.admin(
      'mutation ($input: [DeleteStockLocationInput!]!) { deleteStockLocations(input: $input) { result } }',
      { input: unmapped.map((location) => ({ id: location.id })) },
    );
  }
  const products = await vendure.admin<{ products: { items: Array<{ id: string }> } }>(
    '{ products(options: { take: 1000 }) { items { id } } }',
  );
  const ids = products.products.items.map((product) => product.id);
  if (ids.length > 0) {
    await vendure.admin('mutation ($ids: [ID!]!) { deleteProducts(ids: $ids) { result } }', { ids });
  }
}

interface VariantLevels {
  readonly id: string;
  readonly sku: string;
  readonly stockLevels: Array<{ stockLocationId: string; stockOnHand: number; stockAllocated: number }>;
  readonly stockMovements: { totalItems: number };
}

async function variantLevels(vendure: VendureTestServer): Promise<VariantLevels[]> {
  const answer = await vendure.admin<{ productVariants: { items: VariantLevels[] } }>(
    `{ productVariants(options: { take: 1000 }) { items { id sku
        stockLevels { stockLocationId stockOnHand stockAllocated }
        stockMovements(options: { type: ADJUSTMENT }) { totalItems } } } }`,
  );
  return answer.productVariants.items;
}

/** Seeds each SKU as its own product and variant, with exactly the levels asked for. */
async function seedVariants(vendure: VendureTestServer, levels: Map<string, SeedStockLevel[]>): Promise<void> {
  for (const [sku, stockLevels] of levels) await createVariant(vendure, sku, stockLevels);
}

function levelsOf(records: readonly ConformanceInventoryRecord[], options: ConformanceInputOptions | undefined) {
  const levels = new Map<string, SeedStockLevel[]>();
  if (records.length === 0) for (const sku of conformanceConfiguration.skus) levels.set(vendorSku(sku.id), []);
  for (const record of records) if (!levels.has(vendorSku(record.sku))) levels.set(vendorSku(record.sku), []);
  for (const record of records) {
    levels.get(vendorSku(record.sku))?.push({
      stockLocationId: vendorLocation(record.location),
      stockOnHand: record.quantities.onHand ?? record.quantities.available ?? 0,
    });
  }
  if (options?.flaws?.includes('unmapped-sku')) levels.set('NOT-A-SKU', [{ stockLocationId: north, stockOnHand: 1 }]);
  return levels;
}

/** A delivery as the plugin signs and posts it, at this moment. */
export function signedDelivery(delivery: StockwireDelivery, secret = webhookSecret, now = new Date()): RawWebhookV2 {
  const rawBody = JSON.stringify(delivery);
  const timestamp = Math.floor(now.getTime() / 1_000);
  return {
    headers: {
      [stockwireDeliveryHeaders.signature]: signStockwireDelivery(secret, rawBody, timestamp),
      [stockwireDeliveryHeaders.timestamp]: String(timestamp),
      [stockwireDeliveryHeaders.deliveryId]: delivery.id,
      [stockwireDeliveryHeaders.topic]: delivery.topic,
    },
    rawBody: Buffer.from(rawBody, 'utf8'),
    receivedAt: now.toISOString(),
  };
}

const movement = (sku: string, stockLocationId: string, stockOnHand: number): StockwireMovementPayload => ({
  id: `${sku}-${stockLocationId}`,
  type: 'ADJUSTMENT',
  variantId: 'T_1',
  sku,
  stockLocationId,
  quantity: 1,
  stockOnHand,
  stockAllocated: 0,
  createdAt: new Date().toISOString(),
  levelReadAt: new Date().toISOString(),
});

/** A stock.movement delivery: SKU-RED at north (4) and, unless one SKU is asked for, SKU-BLACK at south (7). */
function movementDelivery(options?: ConformanceInputOptions): StockwireDelivery {
  const movements = [
    movement(vendorSku(options?.sku ?? 'SKU-RED'), north, 4),
    ...(options?.sku === undefined ? [movement(vendorSku('SKU-BLACK'), south, 7)] : []),
    ...(options?.flaws?.includes('unmapped-sku') ? [movement('NOT-A-SKU', north, 1)] : []),
    ...(options?.flaws?.includes('unmapped-location') ? [movement(vendorSku('SKU-BLACK'), 'T_999', 1)] : []),
  ];
  return {
    id: `stock.movement:${movements.map((entry) => entry.id).join(',')}`,
    topic: 'stock.movement',
    occurredAt: new Date().toISOString(),
    channel: 'e2e-default-channel',
    movements,
  };
}

export function vendureConformanceHarness(): ConnectorConformanceHarness {
  let world: VendureWorld | undefined;
  const running = () => {
    if (world === undefined) throw new Error('the Vendure server is not running: setUp() has not run');
    return world;
  };

  return {
    name: 'Vendure connector against a real Vendure 3.7 server',
    capabilities: {
      snapshot: { mode: 'paged' },
      push: { maxBatchSize: 50, absolute: true, compareAndSet: false, listingStatuses: [...vendureListingStatuses] },
      webhooks: { topics: [...vendureWebhookTopics] },
      check: { checks: ['credentials', 'locations'] },
    },
    configuration: conformanceConfiguration,
    connection: conformanceConnection,
    // A real server holds only data its schema allows and has no rate limit of its own to storm; connection
    // faults and hangs come from the proxy in front of it.
    simulates: { rateLimitStorm: false, connectionFaults: true, malformedPayloads: false },
    // Stock allocated to orders (committed) needs real orders; the runner test places them.
    inventoryStates: ['onHand'],
    snapshotShowsPushesAs: 'available',
    hangs: {
      requestTimeoutMs,
      async inject() {
        running().proxy.setMode('hang');
      },
    },
    async setUp() {
      world = await startVendureWorld();
    },
    async tearDown() {
      await world?.proxy.close();
      await world?.vendure.close();
    },
    async resetRemote() {
      const { vendure, proxy } = running();
      proxy.setMode('pass');
      await emptyRemote(vendure);
      await seedVariants(vendure, levelsOf([], undefined));
    },
    createConnector: () => worldConnector(running()),
    createConnectorWithWrongCredentials: () =>
      createVendureConnector(connectorSettings(running()) as never, {
        mapping: createConnectionMapping(catalog, conformanceConnection),
        environment: { [apiKeyVariable]: 'revoked-api-key', [webhookSecretVariable]: webhookSecret },
      }),
    async seedRemoteInventory(records, options) {
      const { vendure } = running();
      await emptyRemote(vendure);
      await seedVariants(vendure, levelsOf(records, options));
      // Created after the variants, so only the one variant given a level there has one (a new variant gets a
      // level at every stock location of its channel).
      if (options?.flaws?.includes('unmapped-location')) {
        const nowhere = await createStockLocation(vendure, 'Nowhere');
        const black = (await variantLevels(vendure)).find((variant) => variant.sku === vendorSku('SKU-BLACK'));
        if (black === undefined) throw new Error('the seed has no SKU-BLACK variant to give an unmapped level');
        await setStockLevels(vendure, black.id, [{ stockLocationId: nowhere, stockOnHand: 1 }]);
      }
    },
    // What the channel sells: Vendure's default MultiChannelStockLocationStrategy adds up stock on hand less
    // allocated over every stock location of the channel, so one channel SKU shows one quantity.
    async readPublishedQuantities() {
      const variants = await variantLevels(running().vendure);
      return variants.map((variant) => ({
        channel: conformanceChannel,
        sku: catalog.resolveSku(conformanceConnection, variant.sku),
        quantity: variant.stockLevels
          .filter((level) => level.stockLocationId === north || level.stockLocationId === south)
          .reduce((sum, level) => sum + level.stockOnHand - level.stockAllocated, 0),
      }));
    },
    // Every absolute write Vendure takes is recorded as one StockAdjustment movement per variant and location.
    countRemoteWrites: async () =>
      (await variantLevels(running().vendure)).reduce((sum, variant) => sum + variant.stockMovements.totalItems, 0),
    unpushableItem: () => ({
      // No variant carries this SKU, so this one item fails; the rest of the batch is written.
      item: {
        channel: conformanceChannel,
        sku: 'SKU-NOT-AT-REMOTE',
        location: 'wh-north',
        quantity: 1,
        status: 'in-stock',
      },
      expectedError: 'PermanentItemError',
    }),
    signedWebhook: (options) => signedDelivery(movementDelivery(options)),
    tamperedWebhook() {
      const signed = signedDelivery(movementDelivery());
      const tampered = Buffer.from(signed.rawBody).toString('utf8').replace('"stockOnHand":4', '"stockOnHand":40');
      return { ...signed, rawBody: Buffer.from(tampered, 'utf8') };
    },
    async injectConnectionFaults() {
      running().proxy.setMode('reset');
    },
    async clearFaults() {
      running().proxy.setMode('pass');
    },
  };
}
