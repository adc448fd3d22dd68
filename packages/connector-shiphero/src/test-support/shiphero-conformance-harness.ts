import { createConnectionMapping } from '@stockwire/connector-kit';
import {
  type ConnectorConformanceHarness,
  conformanceChannel,
  conformanceUnmappedLocation,
  createConformanceConfiguration,
} from '@stockwire/connector-kit/testing';
import { describeCapabilities, type RawWebhookV2 } from '@stockwire/connector-spec';
import { buildCatalog } from '@stockwire/model';
import { createShipHeroSandbox, type ShipHeroSandbox } from '../sandbox/index.ts';
import { createShipHeroConnector } from '../shiphero-connector.ts';
import { warehouseUuid } from '../shiphero-time.ts';
import { signShipHeroWebhook } from '../shiphero-webhook-signature.ts';

const north = warehouseUuid(11);
const south = warehouseUuid(12);
const unmappedWarehouse = warehouseUuid(99);
const refreshVariable = 'SHIPHERO_CONFORMANCE_REFRESH_TOKEN';
const secretVariable = 'SHIPHERO_CONFORMANCE_WEBHOOK_SECRET';
const webhookSecret = 'the-conformance-shared-signature-secret';

/** One line of an Inventory Update as ShipHero's docs show it: 48 on hand, 13 available, 25 reserve, 10 sold ahead. */
function updateLine(sku: string, warehouse: string) {
  return {
    sku,
    inventory: '13',
    backorder_quantity: '0',
    on_hand: '48',
    virtual: false,
    sell_ahead: 10,
    qty_in_totes: 0,
    reserve: 25,
    updated_warehouse: {
      warehouse_id: 11,
      warehouse_uuid: warehouse,
      identifier: 'Primary',
      inventory: '13',
      backorder_quantity: '0',
      on_hand: '48',
      sell_ahead: 10,
      qty_in_totes: 0,
      reserve: 25,
      non_sellable: 0,
    },
    non_sellable: 0,
  };
}

function delivery(id: number, body: string): RawWebhookV2 {
  return {
    headers: {
      'content-type': 'application/json',
      'x-shiphero-hmac-sha256': signShipHeroWebhook(webhookSecret, body),
      'x-shiphero-message-id': `conformance-message-${id}`,
    },
    rawBody: Buffer.from(body, 'utf8'),
    receivedAt: new Date().toISOString(),
  };
}

/** The conformance harness over the ShipHero sandbox: snapshot, the inventory-changes poll and the webhooks. */
export function shipHeroConformanceHarness(): ConnectorConformanceHarness {
  const connection = 'shiphero-conformance';
  const configuration = createConformanceConfiguration({
    connection,
    connector: 'shiphero',
    externalLocations: { north, south },
  });
  const mapping = createConnectionMapping(buildCatalog(configuration), connection);
  let sandbox: ShipHeroSandbox | undefined;
  let deliveries = 0;
  const remote = () => {
    if (sandbox === undefined) throw new Error('the sandbox is not started');
    return sandbox;
  };
  const external = (sku: string) => mapping.toExternalSku(sku);
  const warehouseOf = (location: string) => mapping.toExternalLocation(location);
  const connector = (baseUrl = remote().baseUrl, refreshToken = sandbox?.refreshToken) =>
    createShipHeroConnector(
      {
        baseUrl,
        authentication: { kind: 'refresh-token', refreshToken: { env: refreshVariable } },
        webhookSecret: { env: secretVariable },
        pageSize: 3,
        requestTimeoutMs: 1_000,
      } as never,
      { mapping, environment: { [refreshVariable]: refreshToken, [secretVariable]: webhookSecret } },
    );
  const inventoryUpdate = (lines: unknown[]) =>
    delivery(++deliveries, JSON.stringify({ account_id: 63898, webhook_type: 'Inventory Update', inventory: lines }));

  return {
    name: 'ShipHero connector over its sandbox',
    capabilities: describeCapabilities(connector('http://127.0.0.1:9')),
    configuration,
    connection,
    simulates: { rateLimitStorm: true, connectionFaults: true, serverErrorStorm: true, malformedPayloads: true },
    inventoryStates: ['onHand', 'committed', 'reserved'],
    snapshotShowsPushesAs: 'onHand',
    hangs: { requestTimeoutMs: 1_000, inject: async () => remote().faults.hangNext(10_000) },
    async setUp() {
      sandbox = await createShipHeroSandbox();
    },
    async tearDown() {
      await sandbox?.close();
    },
    async resetRemote() {
      remote().reset();
      for (const legacyId of [11, 12, 99]) remote().addWarehouse(legacyId);
    },
    createConnector: () => connector(),
    createConnectorWithWrongCredentials: () => connector(remote().baseUrl, 'shiphero-refresh-revoked'),
    async seedRemoteInventory(records, options) {
      for (const record of records) {
        remote().setLevel(external(record.sku), warehouseOf(record.location), {
          on_hand: record.quantities.onHand ?? 0,
          allocated: record.quantities.committed ?? 0,
          reserve_inventory: record.quantities.reserved ?? 0,
        });
      }
      if (options?.flaws?.includes('unmapped-sku')) remote().setLevel('UNMAPPED-SKU', north, { on_hand: 4 });
      if (options?.flaws?.includes('unmapped-location')) {
        remote().setLevel(external('SKU-RED'), unmappedWarehouse, { on_hand: 4 });
      }
    },
    async appendRemoteChanges(changes, options) {
      const move = async (sku: string, warehouse: string, change: number) => {
        // A level ShipHero did not hold yet starts from a stock the change cannot empty.
        if ((remote().level(sku, warehouse)?.on_hand ?? 0) === 0) remote().setLevel(sku, warehouse, { on_hand: 100 });
        await remote().adjust(sku, warehouse, change, 'conformance change');
      };
      for (const change of changes) await move(external(change.sku), warehouseOf(change.location), change.change);
      if (options?.flaws?.includes('unmapped-sku')) await move('UNMAPPED-SKU', north, 1);
      if (options?.flaws?.includes('unmapped-location')) await move(external('SKU-RED'), unmappedWarehouse, 1);
    },
    async readPublishedQuantities() {
      const published = [];
      for (const [location, warehouse] of [
        ['wh-north', north],
        ['wh-south', south],
      ] as const) {
        for (const sku of configuration.skus.map((entry) => entry.id)) {
          const level = remote().level(external(sku), warehouse);
          if (level !== undefined)
            published.push({ channel: conformanceChannel, sku, location, quantity: level.on_hand });
        }
      }
      return published;
    },
    async countRemoteWrites() {
      return remote().replacements.length;
    },
    unpushableItem: () => ({
      item: {
        channel: conformanceChannel,
        sku: 'SKU-RED',
        location: conformanceUnmappedLocation,
        quantity: 3,
        status: 'in-stock',
      },
      expectedError: 'UnmappedLocationError',
    }),
    async injectRateLimitStorm({ retryAfterMs }) {
      remote().storm(Math.max(1, Math.ceil(retryAfterMs / 1_000)));
    },
    async injectConnectionFaults() {
      remote().faults.resetNext(1_000);
    },
    async injectServerErrorStorm() {
      remote().faults.failNext(1_000, { status: 502 });
    },
    async clearFaults() {
      remote().calm();
      remote().faults.clear();
    },
    async seedMalformedRemoteData(target) {
      if (target === 'changes') {
        remote().logMalformedChange(north);
        return;
      }
      remote().setLevel(external('SKU-GREEN'), north, { on_hand: 3 });
      remote().makeMalformed(external('SKU-GREEN'), north);
    },
    signedWebhook(options) {
      if (options?.sku !== undefined) return inventoryUpdate([updateLine(external(options.sku), north)]);
      const lines = [updateLine(external('SKU-RED'), north), updateLine(external('SKU-BLACK'), north)];
      if (options?.flaws?.includes('unmapped-sku')) lines.push(updateLine('UNMAPPED-SKU', north));
      if (options?.flaws?.includes('unmapped-location')) lines.push(updateLine(external('SKU-RED'), unmappedWarehouse));
      return inventoryUpdate(lines);
    },
    tamperedWebhook() {
      const signed = inventoryUpdate([updateLine(external('SKU-RED'), north)]);
      const tampered = Buffer.from(signed.rawBody).toString('utf8').replaceAll('"48"', '"480"');
      return { ...signed, rawBody: Buffer.from(tampered, 'utf8') };
    },
    malformedWebhook: () =>
      delivery(++deliveries, JSON.stringify({ webhook_type: 'Inventory Update', inventory: 'none' })),
  };
}
