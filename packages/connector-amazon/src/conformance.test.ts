import {
  type ConformanceInventoryRecord,
  type ConnectorConformanceHarness,
  conformanceScope,
  createConformanceConfiguration,
  describeConnectorConformance,
} from '@stockwire/connector-kit/testing';
import { createAmazonConnector } from './amazon-connector.ts';
import type { AmazonNotificationsCursor } from './amazon-notification-queue.ts';
import { type AmazonSandbox, createAmazonSandbox } from './sandbox/index.ts';
import {
  mappingOf,
  marketplaces,
  sandboxConnector,
  sandboxEnvironment,
  sandboxSettings,
  secretNames,
} from './test-support/amazon-test-setup.ts';

const connection = 'amazon-sandbox';
const configuration = createConformanceConfiguration({
  connection,
  connector: 'amazon',
  externalLocations: { north: marketplaces.us, south: marketplaces.ca },
});
const mapping = mappingOf(configuration, connection);
let sandbox: AmazonSandbox;

/**
 * An FBA summary (fbaInventory.json InventorySummary) holding these canonical quantities, in Amazon's buckets: the
 * inverse of the connector's state table (see map-amazon-inventory.ts and the README).
 */
const summary = (sellerSku: string, quantities: ConformanceInventoryRecord['quantities']) => {
  const state = (name: keyof typeof quantities) => quantities[name] ?? 0;
  const held = state('committed') + state('reserved') + state('damaged') + state('qualityControl');
  return {
    asin: 'B071VG5N9D',
    fnSku: `X00${sellerSku}`,
    sellerSku,
    condition: 'NewItem',
    inventoryDetails: {
      fulfillableQuantity: state('onHand') - held,
      inboundWorkingQuantity: 0,
      inboundShippedQuantity: state('inTransit'),
      inboundReceivingQuantity: 0,
      reservedQuantity: {
        totalReservedQuantity: state('committed') + state('reserved'),
        pendingCustomerOrderQuantity: state('committed'),
        pendingTransshipmentQuantity: state('reserved'),
        fcProcessingQuantity: 0,
      },
      researchingQuantity: { totalResearchingQuantity: state('qualityControl'), researchingQuantityBreakdown: [] },
      unfulfillableQuantity: { totalUnfulfillableQuantity: state('damaged') },
    },
    lastUpdatedTime: '2026-11-24T11:00:00Z',
    totalQuantity: state('onHand') + state('inTransit'),
  };
};

/** A short deadline, so the hang check waits little. */
const hangTimeoutMs = 1_000;
const harness: ConnectorConformanceHarness<AmazonNotificationsCursor> = {
  name: 'Amazon connector against its SP-API sandbox, through amazon-sp-api',
  capabilities: {
    snapshot: { mode: 'paged' },
    push: {
      maxBatchSize: 50_000,
      absolute: true,
      compareAndSet: false,
      listingStatuses: ['in-stock', 'out-of-stock', 'backorder', 'preorder', 'disabled', 'discontinued'],
      fill: { fromItems: 21, windowMs: 15_000 },
    },
    orders: { suggestedIntervalSeconds: 180 },
    check: { checks: ['credentials', 'locations'] },
  },
  configuration,
  connection,
  simulates: { rateLimitStorm: true, connectionFaults: true, serverErrorStorm: true, malformedPayloads: true },
  // FBA buckets as the states an authority owns. On hand goes last: the suite seeds each later state 100 higher, and
  // with one held state before it (damaged) Amazon's fulfillable part (on hand less held) stays above zero.
  inventoryStates: ['inTransit', 'damaged', 'onHand'],
  async setUp() {
    // Pacing is proven by its own test; here back-to-back checks must not trip Amazon's per-second limits.
    sandbox = await createAmazonSandbox({ enforceRateLimits: false, inventoryPageSize: 4 });
  },
  tearDown: async () => await sandbox.close(),
  async resetRemote() {
    sandbox.reset();
    // The seller has an offer for every SKU in the US marketplace and none in CA, so CA is where Amazon refuses.
    const scope = conformanceScope(harness);
    const skus = scope.casePacked === undefined ? scope.skus : [...scope.skus, scope.casePacked.sku];
    for (const sku of skus) sandbox.setListing(marketplaces.us, mapping.toExternalSku(sku), 0);
  },
  createConnector: () =>
    sandboxConnector(sandbox, mapping, {
      marketplaceIds: [marketplaces.us, marketplaces.ca, marketplaces.mx],
      timeoutMs: hangTimeoutMs,
    }),
  createConnectorWithWrongCredentials: () =>
    createAmazonConnector(sandboxSettings(sandbox, { timeoutMs: hangTimeoutMs }), {
      mapping,
      environment: { ...sandboxEnvironment(sandbox), [secretNames.refreshToken]: 'Atzr|revoked' },
    }),
  async seedRemoteInventory(records, options) {
    const byMarketplace = new Map<string, unknown[]>();
    const add = (marketplaceId: string, entry: unknown) =>
      byMarketplace.set(marketplaceId, [...(byMarketplace.get(marketplaceId) ?? []), entry]);
    for (const record of records) {
      add(mapping.toExternalLocation(record.location), summary(mapping.toExternalSku(record.sku), record.quantities));
    }
    if (options?.flaws?.includes('unmapped-sku')) add(marketplaces.us, summary('NOT-IN-CATALOG', { onHand: 3 }));
    if (options?.flaws?.includes('unmapped-location')) add(marketplaces.mx, summary('SKU-RED', { onHand: 4 }));
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
  injectServerErrorStorm: async () =>
    sandbox.server.faults.failNext(10_000, {
      status: 500,
      body: { errors: [{ code: 'InternalFailure', message: 'We encountered an internal error. Please try again.' }] },
    }),
  // Amazon's setting is `timeoutMs` (the SDK's deadline); the sandbox takes every request and never answers.
  hangs: { requestTimeoutMs: hangTimeoutMs, inject: async () => sandbox.server.faults.hangNext(10_000) },
  clearFaults: async () => sandbox.clearFaults(),
  async seedMalformedRemoteData() {
    const unreadable = summary('SKU-RED', { onHand: 3 });
    sandbox.setInventory(marketplaces.us, [
      { ...unreadable, inventoryDetails: { ...unreadable.inventoryDetails, fulfillableQuantity: 'plenty' } },
    ]);
  },
};

describeConnectorConformance(harness);
