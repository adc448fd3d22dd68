import { createConnectionMapping } from '@stockwire/connector-kit';
import {
  type ConformanceInputOptions,
  type ConnectorConformanceHarness,
  conformanceChannel,
  createConformanceConfiguration,
} from '@stockwire/connector-kit/testing';
import { buildCatalog } from '@stockwire/model';
import { createSquareSandbox, type SquareSandbox } from './sandbox/index.ts';
import { createSquareConnector } from './square-connector.ts';
import type { SquareConnectorSettingsInput } from './square-settings.ts';
import { squareWebhookTopics } from './square-webhooks.ts';

export const conformanceConnection = 'square-sandbox';
export const tokenVariable = 'SQUARE_ACCESS_TOKEN';
export const signatureKeyVariable = 'SQUARE_WEBHOOK_SIGNATURE_KEY';
export const north = 'LNORTH000001';
export const south = 'LSOUTH000001';
const nowhere = 'LNOWHERE0001';

export const conformanceConfiguration = createConformanceConfiguration({
  connection: conformanceConnection,
  connector: 'square',
  externalLocations: { north, south },
});
export const catalog = buildCatalog(conformanceConfiguration);
export const vendorSku = (sku: string) => catalog.externalSku(conformanceConnection, sku);
const vendorLocation = (location: string) => catalog.externalLocation(conformanceConnection, location) ?? location;

/** Settings of a connector pointed at the sandbox; both conformance locations are Stockwire's to write. */
export function sandboxSettings(sandbox: SquareSandbox, overrides: Partial<SquareConnectorSettingsInput> = {}) {
  return {
    accessToken: { env: tokenVariable },
    webhookSignatureKey: { env: signatureKeyVariable },
    notificationUrl: sandbox.notificationUrl,
    baseUrl: sandbox.baseUrl,
    writableLocations: [north, south],
    pageSize: 2,
    ...overrides,
  };
}

export function sandboxConnector(sandbox: SquareSandbox, overrides: Partial<SquareConnectorSettingsInput> = {}) {
  return createSquareConnector(sandboxSettings(sandbox, overrides) as never, {
    mapping: createConnectionMapping(catalog, conformanceConnection),
    environment: { [tokenVariable]: sandbox.accessToken, [signatureKeyVariable]: sandbox.signatureKey },
  });
}

/** An `inventory.count.updated` body with these IN_STOCK counts, shaped as in Square's webhook reference. */
export function countUpdatedBody(counts: ReadonlyArray<{ variation: string; location: string; quantity: string }>) {
  return JSON.stringify({
    merchant_id: 'SANDBOXMERCHANT',
    type: 'inventory.count.updated',
    event_id: 'df5f3813-a913-45a1-94e9-fdc3f7d5e3b6',
    created_at: '2026-11-24T12:00:00.000Z',
    data: {
      type: 'inventory_counts',
      id: '84ceb7d5-8c5c-4d6b-97c9-b6f4c6b8f0e2',
      object: {
        inventory_counts: counts.map((count) => ({
          calculated_at: '2026-11-24T11:59:59.123Z',
          catalog_object_id: count.variation,
          catalog_object_type: 'ITEM_VARIATION',
          location_id: count.location,
          quantity: count.quantity,
          state: 'IN_STOCK',
        })),
      },
    },
  });
}

export function squareConformanceHarness(): ConnectorConformanceHarness {
  let sandbox: SquareSandbox | undefined;
  const running = () => {
    if (sandbox === undefined) throw new Error('the Square sandbox is not running: setUp() has not run');
    return sandbox;
  };
  const variationOf = (remote: SquareSandbox, sku: string) => remote.variationIdOf(sku) ?? remote.addVariation(sku);
  const flawed = (remote: SquareSandbox, options: ConformanceInputOptions | undefined) => [
    ...(options?.flaws?.includes('unmapped-sku')
      ? [{ variation: variationOf(remote, 'NOT-A-SKU'), location: north }]
      : []),
    ...(options?.flaws?.includes('unmapped-location')
      ? [{ variation: variationOf(remote, vendorSku('SKU-BLACK')), location: nowhere }]
      : []),
  ];
  const webhookBody = (options?: ConformanceInputOptions) => {
    const remote = running();
    // With options.sku the delivery counts that SKU alone, as it counts its first SKU otherwise.
    const mapped = [
      { variation: variationOf(remote, vendorSku(options?.sku ?? 'SKU-RED')), location: north, quantity: '4' },
      ...(options?.sku === undefined
        ? [{ variation: variationOf(remote, vendorSku('SKU-BLACK')), location: south, quantity: '7' }]
        : []),
    ];
    const counts = [...mapped, ...flawed(remote, options).map((entry) => ({ ...entry, quantity: '1' }))];
    return countUpdatedBody(counts);
  };

  return {
    name: 'Square connector against its sandbox',
    capabilities: {
      snapshot: { mode: 'paged' },
      push: { maxBatchSize: 100, absolute: true, compareAndSet: false, listingStatuses: [] },
      changes: { suggestedIntervalSeconds: 60 },
      webhooks: { topics: [...squareWebhookTopics] },
      check: { checks: ['credentials', 'locations'] },
    },
    configuration: conformanceConfiguration,
    connection: conformanceConnection,
    simulates: { rateLimitStorm: true, connectionFaults: true, serverErrorStorm: true, malformedPayloads: true },
    inventoryStates: ['available', 'reserved', 'onHand'],
    // A PHYSICAL_COUNT push sets IN_STOCK, which the snapshot reads as available.
    snapshotShowsPushesAs: 'available',
    async setUp() {
      sandbox = await createSquareSandbox();
    },
    async tearDown() {
      await sandbox?.close();
    },
    async resetRemote() {
      const remote = running();
      remote.reset();
      for (const location of [north, south, nowhere]) remote.addLocation(location);
      for (const sku of conformanceConfiguration.skus) remote.addVariation(vendorSku(sku.id));
    },
    // Square's setting is `timeoutSeconds` (the SDK's own timeout); 1 s is its smallest.
    createConnector: () => sandboxConnector(running(), { timeoutSeconds: 1 }),
    createConnectorWithWrongCredentials: () =>
      createSquareConnector(sandboxSettings(running(), { timeoutSeconds: 1 }) as never, {
        mapping: createConnectionMapping(catalog, conformanceConnection),
        environment: { [tokenVariable]: 'EAAA-revoked', [signatureKeyVariable]: running().signatureKey },
      }),
    async seedRemoteInventory(records, options) {
      const remote = running();
      remote.state.counts.clear();
      for (const record of records) {
        const variation = variationOf(remote, vendorSku(record.sku));
        const location = vendorLocation(record.location);
        const available = record.quantities.available ?? 0;
        const reserved = record.quantities.reserved ?? 0;
        remote.setCount(variation, location, 'IN_STOCK', String(available));
        remote.setCount(variation, location, 'RESERVED_FOR_SALE', String(reserved));
        // The rest of on hand sits in a held state Square counts on the shelf: returned, not yet sellable.
        remote.setCount(
          variation,
          location,
          'RETURNED_BY_CUSTOMER',
          String((record.quantities.onHand ?? 0) - available - reserved),
        );
      }
      for (const entry of flawed(remote, options)) remote.setCount(entry.variation, entry.location, 'IN_STOCK', '1');
    },
    async appendRemoteChanges(changes, options) {
      const remote = running();
      for (const change of changes) {
        const positive = change.change > 0;
        remote.adjust({
          variationId: variationOf(remote, vendorSku(change.sku)),
          locationId: vendorLocation(change.location),
          // Stock received (NONE → IN_STOCK) or a counter sale (IN_STOCK → SOLD), as the point of sale records them.
          from: positive ? 'NONE' : 'IN_STOCK',
          to: positive ? 'IN_STOCK' : 'SOLD',
          quantity: String(Math.abs(change.change)),
        });
      }
      for (const entry of flawed(remote, options)) {
        remote.adjust({
          variationId: entry.variation,
          locationId: entry.location,
          from: 'NONE',
          to: 'IN_STOCK',
          quantity: '1',
        });
      }
    },
    async readPublishedQuantities() {
      const remote = running();
      return [...remote.state.counts.values()]
        .filter((count) => count.state === 'IN_STOCK')
        .map((count) => ({
          channel: conformanceChannel,
          sku: catalog.resolveSku(
            conformanceConnection,
            remote.state.variations.get(count.catalog_object_id)?.sku ?? '',
          ),
          location: catalog.resolveLocation(conformanceConnection, count.location_id),
          quantity: Number(count.quantity),
        }));
    },
    countRemoteWrites: async () => running().state.physicalCountsWritten,
    unpushableItem: () => ({
      // No Square item variation carries this SKU, so this one item fails; the rest of the batch is written.
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
      running().rateLimitNext(10_000, retryAfterMs / 1_000);
    },
    async injectConnectionFaults() {
      running().server.faults.resetNext(10_000);
    },
    async injectServerErrorStorm() {
      // Square's error envelope for an outage (Errors: category API_ERROR, code SERVICE_UNAVAILABLE).
      const body = { errors: [{ category: 'API_ERROR', code: 'SERVICE_UNAVAILABLE', detail: 'Service unavailable' }] };
      running().server.faults.failNext(10_000, { status: 503, body });
    },
    hangs: { requestTimeoutMs: 1_000, inject: async () => running().server.faults.hangNext(10_000) },
    async clearFaults() {
      running().server.faults.clear();
    },
    async seedMalformedRemoteData(target) {
      const remote = running();
      const variation = variationOf(remote, vendorSku('SKU-BLACK'));
      if (target === 'snapshot') remote.setCount(variation, north, 'IN_STOCK', '12 units');
      else
        remote.adjust({ variationId: variation, locationId: north, from: 'NONE', to: 'IN_STOCK', quantity: 'a dozen' });
    },
    signedWebhook: (options) => running().webhook(webhookBody(options)),
    tamperedWebhook() {
      const signed = running().webhook(webhookBody());
      const tampered = Buffer.from(signed.rawBody).toString('utf8').replace('"quantity":"4"', '"quantity":"40"');
      return { ...signed, rawBody: Buffer.from(tampered, 'utf8') };
    },
    malformedWebhook: () =>
      running().webhook(
        '{"type":"inventory.count.updated","event_id":"e-1","data":{"object":{"inventory_counts":"none"}}}',
      ),
  };
}
