import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AmazonSandbox, createAmazonSandbox } from '@stockwire/connector-amazon/sandbox';
import { createShopifySandbox, type ShopifySandbox } from '@stockwire/connector-shopify/sandbox';
import type { Catalog, StockwireConfiguration } from '@stockwire/model';
import { type DemoPlaces, type DemoStock, demoConnections, fbaAliasOf } from './demo-world.ts';

/** The vendors' APIs, run locally: a Shopify store, an Amazon seller account, and the ERP's and buyers' folders. */
export interface DemoSandboxes {
  readonly shopify: ShopifySandbox;
  readonly amazon: AmazonSandbox;
  readonly folders: { readonly root: string; readonly erp: string; readonly wholesale: string };
  /** Where each system keeps stock, as the configuration maps it. */
  readonly places: DemoPlaces;
  /** The secrets the configuration's `{ env: … }` references name, set to the sandboxes' credentials. */
  readonly environment: Readonly<Record<string, string>>;
  /** The configuration with its connections pointed at the sandboxes (shop, seller and SP-API endpoint, folders). */
  pointAtSandboxes(configuration: StockwireConfiguration): StockwireConfiguration;
  close(): Promise<void>;
}

/** The variables the demo sets to the SQS sandbox's AWS key (the configuration names no queue: the demo adds it). */
const sqsSecrets = {
  accessKeyId: 'DEMO_AMAZON_SQS_ACCESS_KEY_ID',
  secretAccessKey: 'DEMO_AMAZON_SQS_SECRET_ACCESS_KEY',
} as const;

function secretVariable(configuration: StockwireConfiguration, connection: string, setting: string): string {
  const value = configuration.connections[connection]?.settings?.[setting] as { env?: unknown } | undefined;
  if (typeof value?.env !== 'string') {
    throw new Error(`the demo needs connections.${connection}.settings.${setting} to be { env: NAME }`);
  }
  return value.env;
}

function snapshotCsv(catalog: Catalog, places: DemoPlaces, stock: DemoStock, observedAt: string): string {
  const rows = ['sku,location,on_hand,observed_at'];
  for (const [sku, byWarehouse] of stock.onHand) {
    for (const [warehouse, quantity] of byWarehouse) {
      rows.push(
        `${catalog.externalSku(demoConnections.erp, sku)},${places.erpLocation(warehouse)},${quantity},${observedAt}`,
      );
    }
  }
  return `${rows.join('\n')}\n`;
}

/**
 * One FBA inventory summary as getInventorySummaries returns it with `details=true` (fbaInventory.json
 * InventorySummary). Some units are held back, as in a real fulfilment centre (reserved for customer orders,
 * damaged), so the engine must take sellable stock from the fulfillable bucket, not from the total.
 */
function fbaSummary(index: number, sellerSku: string, fulfillable: number): unknown {
  const pendingCustomerOrders = index % 3;
  const damaged = index % 2;
  return {
    asin: `B0DEMO${String(index).padStart(4, '0')}`,
    fnSku: `X00DEMO${String(index).padStart(4, '0')}`,
    sellerSku,
    condition: 'NewItem',
    inventoryDetails: {
      fulfillableQuantity: fulfillable,
      inboundWorkingQuantity: 0,
      inboundShippedQuantity: 0,
      inboundReceivingQuantity: 0,
      reservedQuantity: {
        totalReservedQuantity: pendingCustomerOrders,
        pendingCustomerOrderQuantity: pendingCustomerOrders,
        pendingTransshipmentQuantity: 0,
        fcProcessingQuantity: 0,
      },
      researchingQuantity: { totalResearchingQuantity: 0 },
      unfulfillableQuantity: { totalUnfulfillableQuantity: damaged, customerDamagedQuantity: damaged },
    },
    lastUpdatedTime: new Date().toISOString(),
    productName: sellerSku,
    totalQuantity: fulfillable + pendingCustomerOrders + damaged,
  };
}

export async function startDemoSandboxes(
  configuration: StockwireConfiguration,
  catalog: Catalog,
  places: DemoPlaces,
  stock: DemoStock,
): Promise<DemoSandboxes> {
  const root = await mkdtemp(join(tmpdir(), 'stockwire-demo-'));
  const folders = { root, erp: join(root, 'erp'), wholesale: join(root, 'wholesale') };
  await mkdir(join(folders.erp, 'inbox'), { recursive: true });
  await mkdir(folders.wholesale, { recursive: true });
  // The ERP's morning export: what each warehouse holds. Complete before the runner starts, so written in place.
  await writeFile(
    join(folders.erp, 'inbox', 'snapshot-0001.csv'),
    snapshotCsv(catalog, places, stock, new Date().toISOString()),
  );

  const shopify = await createShopifySandbox();
  const amazon = await createAmazonSandbox({ sellerId: 'A2NORTHWINDDEMO' });
  for (const warehouse of places.warehouses) shopify.addLocation(places.shopifyLocation(warehouse));
  const fbaSummaries: unknown[] = [];
  for (const sku of catalog.skus.values()) {
    const itemId = shopify.addInventoryItem(catalog.externalSku(demoConnections.shopify, sku.id));
    for (const warehouse of places.warehouses) {
      shopify.setLevel(itemId, places.shopifyLocation(warehouse), { available: 0, on_hand: 0, committed: 0 });
    }
    amazon.setListing(places.amazonMarketplace, catalog.externalSku(demoConnections.amazon, sku.id), 0);
    const fbaAlias = fbaAliasOf(catalog, sku.id);
    const fbaQuantity = stock.fba.get(sku.id);
    if (fbaAlias !== undefined && fbaQuantity !== undefined) {
      fbaSummaries.push(fbaSummary(fbaSummaries.length, fbaAlias, fbaQuantity));
    }
  }
  amazon.setInventory(places.amazonMarketplace, fbaSummaries);

  const environment = {
    [secretVariable(configuration, demoConnections.shopify, 'accessToken')]: shopify.accessToken,
    [secretVariable(configuration, demoConnections.shopify, 'apiSecretKey')]: shopify.apiSecretKey,
    [secretVariable(configuration, demoConnections.amazon, 'clientId')]: amazon.credentials.clientId,
    [secretVariable(configuration, demoConnections.amazon, 'clientSecret')]: amazon.credentials.clientSecret,
    [secretVariable(configuration, demoConnections.amazon, 'refreshToken')]: amazon.credentials.refreshToken,
    [sqsSecrets.accessKeyId]: amazon.sqs.credentials.accessKeyId,
    [sqsSecrets.secretAccessKey]: amazon.sqs.credentials.secretAccessKey,
  };

  const withSettings = (
    connections: StockwireConfiguration['connections'],
    name: string,
    change: (settings: Record<string, unknown>) => Record<string, unknown>,
  ) => {
    const connection = connections[name];
    if (connection === undefined) return connections;
    return { ...connections, [name]: { ...connection, settings: change(connection.settings ?? {}) } };
  };
  const folderTransport = (path: string) => (settings: Record<string, unknown>) => ({
    ...settings,
    transport: { kind: 'folder', path },
  });

  return {
    shopify,
    amazon,
    folders,
    places,
    environment,
    pointAtSandboxes(given) {
      let connections = given.connections;
      connections = withSettings(connections, demoConnections.shopify, (settings) => ({
        ...settings,
        shop: shopify.shop,
        adminApiUrl: shopify.baseUrl,
      }));
      connections = withSettings(connections, demoConnections.amazon, (settings) => ({
        ...settings,
        sellerId: amazon.sellerId,
        // The connector's own setting: every Amazon host the SDK names reaches the sandbox.
        endpoint: amazon.baseUrl,
        // SP-API notifications (ORDER_CHANGE, FBA availability) from the sandbox's SQS queue, by the SDK's endpoint
        // option; a short long-poll so an Amazon order reserves stock within a second or two.
        sqsQueueUrl: amazon.sqs.queueUrl,
        sqsEndpoint: amazon.sqs.endpoint,
        sqsAccessKeyId: { env: sqsSecrets.accessKeyId },
        sqsSecretAccessKey: { env: sqsSecrets.secretAccessKey },
        sqsWaitSeconds: 1,
      }));
      connections = withSettings(connections, demoConnections.erp, folderTransport(folders.erp));
      connections = withSettings(connections, demoConnections.wholesale, folderTransport(folders.wholesale));
      return { ...given, connections };
    },
    async close() {
      await Promise.allSettled([shopify.close(), amazon.close()]);
      await rm(root, { recursive: true, force: true });
    },
  };
}
