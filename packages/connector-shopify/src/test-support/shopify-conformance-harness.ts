import { readFileSync } from 'node:fs';
import { createConnectionMapping } from '@stockwire/connector-kit';
import {
  type ConformanceInputOptions,
  type ConnectorConformanceHarness,
  conformanceChannel,
  createConformanceConfiguration,
} from '@stockwire/connector-kit/testing';
import { buildCatalog } from '@stockwire/model';
import { createShopifySandbox, type ShopifySandbox } from '../sandbox/index.ts';
import { createShopifyConnector } from '../shopify-connector.ts';

export const conformanceConnection = 'shopify-sandbox';
export const tokenVariable = 'SHOPIFY_ACCESS_TOKEN';
export const secretVariable = 'SHOPIFY_API_SECRET';
export const north = 'gid://shopify/Location/1001';
export const south = 'gid://shopify/Location/1002';
const nowhere = 'gid://shopify/Location/9999';

export const conformanceConfiguration = createConformanceConfiguration({
  connection: conformanceConnection,
  connector: 'shopify',
  externalLocations: { north, south },
});
const catalog = buildCatalog(conformanceConfiguration);
const vendorSku = (sku: string) => catalog.externalSku(conformanceConnection, sku);
const vendorLocation = (location: string) => catalog.externalLocation(conformanceConnection, location) ?? location;

/** The refunds/create example of Shopify's webhook reference, with lines rewritten per test. */
export const refundFixture = JSON.parse(
  readFileSync(new URL('../__fixtures__/refunds-create.webhook.json', import.meta.url), 'utf8'),
) as { refund_line_items: Record<string, unknown>[] } & Record<string, unknown>;

function refundBody(lines: readonly { sku: string; location: number }[]): string {
  const template = refundFixture.refund_line_items[0] ?? {};
  const refundLines = lines.map((line, index) => ({
    ...template,
    id: 1000 + index,
    location_id: line.location,
    line_item: { ...(template.line_item as object), id: 2000 + index, sku: line.sku },
  }));
  return JSON.stringify({ ...refundFixture, refund_line_items: refundLines });
}

export function shopifyConformanceHarness(snapshotMode: 'paged' | 'bulk'): ConnectorConformanceHarness {
  let sandbox: ShopifySandbox | undefined;
  const running = () => {
    if (sandbox === undefined) throw new Error('the Shopify sandbox is not running: setUp() has not run');
    return sandbox;
  };
  const seedFlaws = (remote: ShopifySandbox, options: ConformanceInputOptions | undefined) => {
    if (options?.flaws?.includes('unmapped-sku')) {
      remote.setLevel(remote.addInventoryItem('NOT-A-SKU'), north, { available: 1, on_hand: 1 });
    }
    if (options?.flaws?.includes('unmapped-location')) {
      remote.setLevel(remote.itemIdOf(vendorSku('SKU-BLACK')) ?? '', nowhere, { available: 1, on_hand: 1 });
    }
  };
  // A short request timeout, so the hang check waits little; the sandbox's hangs last until clearFaults.
  const hangs = {
    requestTimeoutMs: 1_000,
    inject: async () => running().server.faults.hangNext(10_000),
  };
  const shopifyConnectorFor = (accessToken: string) => {
    const remote = running();
    return createShopifyConnector(
      // Two items per page, so the suite's five items take three pages and paging is exercised.
      {
        shop: remote.shop,
        adminApiUrl: remote.baseUrl,
        accessToken: { env: tokenVariable },
        apiSecretKey: { env: secretVariable },
        pageSize: 2,
        snapshotMode,
        requestTimeoutMs: hangs.requestTimeoutMs,
      },
      {
        mapping: createConnectionMapping(catalog, conformanceConnection),
        environment: { [tokenVariable]: accessToken, [secretVariable]: remote.apiSecretKey },
      },
    );
  };
  return {
    name: `Shopify connector against its sandbox (${snapshotMode} snapshots)`,
    capabilities: {
      snapshot: { mode: snapshotMode },
      push: {
        maxBatchSize: 250,
        absolute: true,
        compareAndSet: true,
        listingStatuses: ['in-stock', 'out-of-stock', 'backorder', 'preorder', 'disabled', 'discontinued'],
      },
      webhooks: {
        topics: [
          'inventory_levels/update',
          'orders/create',
          'orders/updated',
          'orders/cancelled',
          'refunds/create',
          'fulfillments/create',
          'orders/edited',
        ],
      },
      check: { checks: ['credentials', 'scopes', 'locations'] },
    },
    configuration: conformanceConfiguration,
    connection: conformanceConnection,
    simulates: { rateLimitStorm: true, connectionFaults: true, serverErrorStorm: true, malformedPayloads: true },
    inventoryStates: ['available', 'onHand'],
    // Pushes write `available`, which snapshots read back (in canonical units).
    snapshotShowsPushesAs: 'available',
    async setUp() {
      sandbox = await createShopifySandbox();
    },
    async tearDown() {
      await sandbox?.close();
    },
    async resetRemote() {
      const remote = running();
      remote.reset();
      remote.addLocation(north);
      remote.addLocation(south);
      for (const sku of conformanceConfiguration.skus) {
        // Every product is stocked at the north warehouse, where the suite pushes.
        remote.setLevel(remote.addInventoryItem(vendorSku(sku.id)), north, { available: 0, on_hand: 0 });
      }
    },
    createConnector: () => shopifyConnectorFor(running().accessToken),
    createConnectorWithWrongCredentials: () => shopifyConnectorFor('shpat_revoked_token'),
    async seedRemoteInventory(records, options) {
      const remote = running();
      remote.state.levels.clear();
      for (const record of records) {
        const itemId = remote.itemIdOf(vendorSku(record.sku)) ?? remote.addInventoryItem(vendorSku(record.sku));
        remote.setLevel(itemId, vendorLocation(record.location), {
          available: record.quantities.available,
          on_hand: record.quantities.onHand,
        });
      }
      seedFlaws(remote, options);
    },
    async seedMalformedRemoteData() {
      const remote = running();
      // A quantity written as text: that item must fail alone, as a MalformedPayloadError.
      remote.setLevel(remote.itemIdOf(vendorSku('SKU-BLACK')) ?? '', north, { available: '12 units', on_hand: 12 });
    },
    async readPublishedQuantities() {
      const remote = running();
      return [...remote.state.levels.entries()].map(([key, level]) => {
        const [itemId = '', locationId = ''] = key.split('@');
        const sku = remote.state.items.get(itemId)?.sku ?? '';
        return {
          channel: conformanceChannel,
          sku: catalog.resolveSku(conformanceConnection, sku),
          location: catalog.resolveLocation(conformanceConnection, locationId),
          quantity: Number(level.available),
        };
      });
    },
    countRemoteWrites: async () => running().state.quantitiesWritten,
    unpushableItem: () => ({
      // The store sells no variant with this SKU, so this one item fails; the rest of the batch is written.
      item: {
        channel: conformanceChannel,
        sku: 'SKU-NOT-AT-REMOTE',
        location: 'wh-north',
        quantity: 1,
        status: 'in-stock',
      },
      expectedError: 'PermanentItemError',
    }),
    async injectRateLimitStorm({ retryAfterMs }) {
      const body = {
        errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.',
      };
      running().server.faults.rateLimitNext(10_000, { retryAfterSeconds: retryAfterMs / 1_000, body });
    },
    async injectConnectionFaults() {
      running().server.faults.resetNext(10_000);
    },
    async injectServerErrorStorm() {
      running().server.faults.failNext(10_000, { status: 503, body: { errors: 'Service Unavailable' } });
    },
    hangs,
    async clearFaults() {
      running().server.faults.clear();
    },
    signedWebhook(options) {
      if (options?.sku !== undefined) {
        // One SKU alone, on the line the clean delivery gives its first SKU (same location, same quantity).
        return running().webhook('refunds/create', refundBody([{ sku: vendorSku(options.sku), location: 1001 }]));
      }
      const lines = [
        { sku: vendorSku('SKU-RED'), location: 1001 },
        { sku: vendorSku('SKU-BLACK'), location: 1002 },
      ];
      if (options?.flaws?.includes('unmapped-sku')) lines.push({ sku: 'NOT-A-SKU', location: 1001 });
      if (options?.flaws?.includes('unmapped-location')) lines.push({ sku: vendorSku('SKU-BLUE'), location: 9999 });
      return running().webhook('refunds/create', refundBody(lines));
    },
    tamperedWebhook() {
      const signed = running().webhook('refunds/create', refundBody([{ sku: vendorSku('SKU-RED'), location: 1001 }]));
      const tampered = Buffer.from(signed.rawBody).toString('utf8').replace('"quantity":1', '"quantity":9');
      return { ...signed, rawBody: Buffer.from(tampered, 'utf8') };
    },
    malformedWebhook() {
      return running().webhook('refunds/create', '{"id": 890088186047892319, "refund_line_items": "not a list"}');
    },
  };
}
