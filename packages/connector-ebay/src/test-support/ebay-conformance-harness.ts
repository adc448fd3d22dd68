import { createConnectionMapping } from '@stockwire/connector-kit';
import { type ConnectorConformanceHarness, createConformanceConfiguration } from '@stockwire/connector-kit/testing';
import type { RawWebhookV2 } from '@stockwire/connector-spec';
import { buildCatalog } from '@stockwire/model';
import { createEbayConnector } from '../ebay-connector.ts';
import type { EbayOrdersCursor } from '../ebay-orders.ts';
import { createEbaySandbox, type EbaySandbox, type EbaySandboxDelivery } from '../sandbox/index.ts';

const connection = 'ebay-conformance';
const north = 'WAREHOUSE-N';
const south = 'WAREHOUSE-S';
const unmappedStore = 'STORE-AU';
/** Short, so the hang check waits it out quickly. */
const requestTimeoutMs = 1_000;
const configuration = createConformanceConfiguration({
  connection,
  connector: 'ebay',
  externalLocations: { north, south },
});
const mapping = createConnectionMapping(buildCatalog(configuration), connection);
const environmentOf = (sandbox: EbaySandbox | undefined): NodeJS.ProcessEnv => ({
  EBAY_CLIENT_ID: sandbox?.credentials.clientId,
  EBAY_CLIENT_SECRET: sandbox?.credentials.clientSecret,
  EBAY_REFRESH_TOKEN: sandbox?.credentials.refreshToken,
});
const raw = (delivery: EbaySandboxDelivery): RawWebhookV2 => ({
  headers: delivery.headers,
  rawBody: delivery.rawBody,
  receivedAt: delivery.receivedAt,
});

/**
 * The conformance harness over the eBay sandbox. A Stockwire location is a merchant location; one notification is
 * one order, which names a location only for In-Store Pickup, so the unmapped SKU and the unmapped location come
 * in two deliveries (`webhookLocations: 'one'`): a shipped order with an unmapped SKU, a pickup at an unmapped store.
 */
export function ebayConformanceHarness(): ConnectorConformanceHarness<EbayOrdersCursor> {
  let sandbox: EbaySandbox | undefined;
  const remote = () => {
    if (sandbox === undefined) throw new Error('the sandbox is not started');
    return sandbox;
  };
  const external = (sku: string) => mapping.toExternalSku(sku);
  const locationsOf = (sku: string): Record<string, number> =>
    Object.fromEntries(remote().state.items.get(sku)?.distributions ?? []);
  const connector = (baseUrl = remote().baseUrl) =>
    createEbayConnector(
      {
        baseUrl,
        clientId: { env: 'EBAY_CLIENT_ID' },
        clientSecret: { env: 'EBAY_CLIENT_SECRET' },
        refreshToken: { env: 'EBAY_REFRESH_TOKEN' },
        pageSize: 2,
        requestTimeoutMs,
      },
      { mapping, environment: environmentOf(sandbox) },
    );
  const order = (lines: Array<{ sku: string; quantity: number }>, pickupAt?: string) =>
    remote().placeOrder({ lines, ...(pickupAt === undefined ? {} : { pickupAt }) });

  const harness: ConnectorConformanceHarness<EbayOrdersCursor> = {
    name: 'eBay connector over its Sell API sandbox',
    capabilities: {
      snapshot: { mode: 'paged' },
      push: { maxBatchSize: 25, absolute: true, compareAndSet: false, listingStatuses: [] },
      orders: { suggestedIntervalSeconds: 300 },
      webhooks: { topics: ['ORDER_CONFIRMATION', 'MARKETPLACE_ACCOUNT_DELETION'] },
      check: { checks: ['credentials', 'locations'] },
    },
    configuration,
    connection,
    simulates: { rateLimitStorm: true, connectionFaults: true, serverErrorStorm: true, malformedPayloads: true },
    inventoryStates: ['available'],
    snapshotShowsPushesAs: 'available',
    webhookLocations: 'one',
    // A remote that accepts requests and never answers: every call must give up within the request timeout.
    hangs: { requestTimeoutMs, inject: async () => remote().server.faults.hangNext(10_000) },
    async setUp() {
      sandbox = await createEbaySandbox();
    },
    tearDown: async () => await sandbox?.close(),
    async resetRemote() {
      remote().reset();
      for (const key of [north, south, unmappedStore]) remote().addLocation(key);
      // Every SKU is on eBay with a published offer and nothing distributed yet: pushes add the locations.
      for (const sku of configuration.skus) remote().listSku(external(sku.id), { locations: {} });
    },
    createConnector: () => connector(),
    createConnectorWithWrongCredentials: () =>
      createEbayConnector(
        {
          baseUrl: remote().baseUrl,
          clientId: { env: 'EBAY_CLIENT_ID' },
          clientSecret: { env: 'EBAY_CLIENT_SECRET' },
          refreshToken: { env: 'EBAY_REFRESH_TOKEN' },
          requestTimeoutMs,
        },
        { mapping, environment: { ...environmentOf(sandbox), EBAY_REFRESH_TOKEN: 'v^1.1#revoked' } },
      ),
    async seedRemoteInventory(records, options) {
      const bySku = new Map<string, Record<string, number>>();
      for (const record of records) {
        const sku = external(record.sku);
        bySku.set(sku, {
          ...bySku.get(sku),
          [mapping.toExternalLocation(record.location)]: record.quantities.available ?? 0,
        });
      }
      for (const [sku, locations] of bySku) remote().listSku(sku, { locations });
      if (options?.flaws?.includes('unmapped-sku')) remote().listSku('UNMAPPED-SKU', { locations: { [north]: 4 } });
      if (options?.flaws?.includes('unmapped-location')) {
        remote().listSku('SKU-RED', { locations: { ...locationsOf('SKU-RED'), [unmappedStore]: 4 } });
      }
    },
    async readPublishedQuantities() {
      return [...remote().state.items.values()].flatMap((item) =>
        [...item.distributions].map(([key, quantity]) => ({
          channel: 'web',
          sku: mapping.toCanonicalSku(item.sku),
          location: mapping.toCanonicalLocation(key),
          quantity,
        })),
      );
    },
    countRemoteWrites: async () => remote().state.writes,
    unpushableItem: () => ({
      item: { channel: 'web', sku: 'SKU-RED', location: 'store-unmapped', quantity: 4, status: 'in-stock' },
      expectedError: 'UnmappedLocationError',
    }),
    injectRateLimitStorm: async ({ retryAfterMs }) => remote().storm(Math.ceil(retryAfterMs / 1_000)),
    injectConnectionFaults: async () => remote().server.faults.resetNext(1_000),
    injectServerErrorStorm: async () =>
      remote().server.faults.failNext(1_000, {
        status: 500,
        body: {
          errors: [
            {
              errorId: 25001,
              domain: 'API_INVENTORY',
              category: 'APPLICATION',
              message: 'A system error has occurred.',
            },
          ],
        },
      }),
    clearFaults: async () => {
      remote().calm();
      remote().server.faults.clear();
    },
    async seedMalformedRemoteData() {
      remote().listSku('SKU-GREEN', { locations: { [north]: 3 } });
      remote().makeMalformed('SKU-GREEN');
    },
    signedWebhook(options) {
      if (options?.flaws?.includes('unmapped-location')) {
        return raw(remote().orderConfirmation(order([{ sku: external('SKU-RED'), quantity: 2 }], unmappedStore)));
      }
      const lines =
        options?.sku === undefined
          ? [
              { sku: external('SKU-RED'), quantity: 2 },
              { sku: external('SKU-BLACK'), quantity: 1 },
            ]
          : [{ sku: external(options.sku), quantity: 2 }];
      if (options?.flaws?.includes('unmapped-sku')) lines.push({ sku: 'UNMAPPED-SKU', quantity: 1 });
      return raw(remote().orderConfirmation(order(lines)));
    },
    tamperedWebhook() {
      const signed = remote().orderConfirmation(order([{ sku: external('SKU-RED'), quantity: 2 }]));
      const other = order([{ sku: external('SKU-RED'), quantity: 20 }]);
      const text = signed.rawBody.toString('utf8').replace(/"orderId":"[^"]+"/, `"orderId":"${other}"`);
      return { ...raw(signed), rawBody: Buffer.from(text, 'utf8') };
    },
    malformedWebhook: () =>
      raw(
        remote().sign({
          metadata: { topic: 'ORDER_CONFIRMATION', schemaVersion: '1.0', deprecated: false },
          notification: { notificationId: 'malformed-1', eventDate: new Date().toISOString(), data: { orderId: 42 } },
        }),
      ),
  };
  return harness;
}
