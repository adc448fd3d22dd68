import {
  type ConnectorConformanceHarness,
  conformanceScope,
  createConformanceConfiguration,
  describeConnectorConformance,
} from '@stockwire/connector-kit/testing';
import type { AmazonOrdersCursor } from './amazon-orders.ts';
import { type AmazonSandbox, createAmazonSandbox } from './sandbox/index.ts';
import { mappingOf, marketplaces, sandboxConnector } from './test-support/amazon-test-setup.ts';

const connection = 'amazon-sandbox';
const configuration = createConformanceConfiguration({
  connection,
  connector: 'amazon',
  externalLocations: { north: marketplaces.us, south: marketplaces.ca },
});
const mapping = mappingOf(configuration, connection);
let sandbox: AmazonSandbox;

const summary = (sellerSku: string, fulfillableQuantity: unknown) => ({
  asin: 'B071VG5N9D',
  fnSku: `X00${sellerSku}`,
  sellerSku,
  condition: 'NewItem',
  inventoryDetails: { fulfillableQuantity },
  lastUpdatedTime: '2026-11-24T11:00:00Z',
  totalQuantity: fulfillableQuantity,
});

const harness: ConnectorConformanceHarness<AmazonOrdersCursor> = {
  name: 'Amazon connector against its SP-API sandbox, through amazon-sp-api',
  capabilities: {
    snapshot: { mode: 'paged' },
    push: { maxBatchSize: 25_000, absolute: true, compareAndSet: false, listingStatuses: [] },
    orders: { suggestedIntervalSeconds: 180 },
  },
  configuration,
  connection,
  simulates: { rateLimitStorm: true, connectionFaults: true, malformedPayloads: true },
  inventoryStates: ['available'],
  async setUp() {
    // Pacing is proven by its own test; here back-to-back checks must not trip Amazon's per-second limits.
    sandbox = await createAmazonSandbox({ enforceRateLimits: false, inventoryPageSize: 4 });
  },
  tearDown: async () => await sandbox.close(),
  async resetRemote() {
    sandbox.reset();
    // The seller has an offer for every SKU in the US marketplace and none in CA, so CA is where Amazon refuses.
    for (const sku of conformanceScope(harness).skus)
      sandbox.setListing(marketplaces.us, mapping.toExternalSku(sku), 0);
  },
  createConnector: () =>
    sandboxConnector(sandbox, mapping, { marketplaceIds: [marketplaces.us, marketplaces.ca, marketplaces.mx] }),
  async seedRemoteInventory(records, options) {
    const byMarketplace = new Map<string, unknown[]>();
    const add = (marketplaceId: string, entry: unknown) =>
      byMarketplace.set(marketplaceId, [...(byMarketplace.get(marketplaceId) ?? []), entry]);
    for (const record of records) {
      add(
        mapping.toExternalLocation(record.location),
        summary(mapping.toExternalSku(record.sku), record.quantities.available),
      );
    }
    if (options?.flaws?.includes('unmapped-sku')) add(marketplaces.us, summary('NOT-IN-CATALOG', 3));
    if (options?.flaws?.includes('unmapped-location')) add(marketplaces.mx, summary('SKU-RED', 4));
    for (const [marketplaceId, summaries] of byMarketplace) sandbox.setInventory(marketplaceId, summaries);
  },
  async readPublishedQuantities() {
    return [...sandbox.state.listings.values()]
      .filter((listing) => listing.quantity !== undefined)
      .map((listing) => ({
        channel: 'web',
        sku: mapping.toCanonicalSku(listing.sku),
        location: mapping.toCanonicalLocation(listing.marketplaceId),
        quantity: listing.quantity ?? 0,
      }));
  },
  countRemoteWrites: async () => sandbox.state.writes,
  unpushableItem: () => ({
    item: { channel: 'web', sku: 'SKU-RED', location: 'wh-south', quantity: 4, status: 'in-stock' },
    expectedError: 'PermanentItemError',
  }),
  async injectRateLimitStorm({ retryAfterMs }) {
    // Amazon sends no Retry-After: the applied rate in x-amzn-RateLimit-Limit is the wait (1/rate seconds).
    sandbox.throttleAll(1000 / retryAfterMs);
  },
  injectConnectionFaults: async () => sandbox.resetConnections(),
  clearFaults: async () => sandbox.clearFaults(),
  async seedMalformedRemoteData() {
    sandbox.setInventory(marketplaces.us, [summary('SKU-RED', 'plenty')]);
  },
};

describeConnectorConformance(harness);
