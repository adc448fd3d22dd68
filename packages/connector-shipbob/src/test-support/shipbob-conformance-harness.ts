import { createConnectionMapping } from '@stockwire/connector-kit';
import { type ConnectorConformanceHarness, createConformanceConfiguration } from '@stockwire/connector-kit/testing';
import { describeCapabilities, type RawWebhookV2 } from '@stockwire/connector-spec';
import { buildCatalog } from '@stockwire/model';
import { createShipBobSandbox, type ShipBobSandbox } from '../sandbox/index.ts';
import { createShipBobConnector } from '../shipbob-connector.ts';
import type { ShipBobApiVersion } from '../shipbob-settings.ts';
import { signStandardWebhook } from '../shipbob-webhook-signature.ts';

const north = 10;
const south = 11;
const unmappedCenter = 99;
const tokenVariable = 'SHIPBOB_CONFORMANCE_TOKEN';
const secretVariable = 'SHIPBOB_CONFORMANCE_WEBHOOK_SECRET';
const webhookSecret = `whsec_${Buffer.from('the-conformance-secret-32-bytes!').toString('base64')}`;

interface ShipmentLine {
  readonly sku: string;
  readonly quantity: number;
}

/**
 * An `order.shipped` delivery as ShipBob sends it (the shipment the sandbox's shipOrder builds), signed with
 * Standard Webhooks headers. Inventory ids only need to be unmapped: the product SKU names the item.
 */
function shipmentDelivery(id: number, center: number, lines: readonly ShipmentLine[], body?: string): RawWebhookV2 {
  const at = new Date().toISOString();
  const shipment = {
    id,
    order_id: id - 200_000,
    reference_id: `R-${id}`,
    status: 'Completed',
    location: { id: center, name: null },
    created_date: at,
    actual_fulfillment_date: at,
    last_update_at: at,
    is_tracking_uploaded: false,
    products: lines.map((line, index) => ({
      id: index + 1,
      reference_id: line.sku,
      sku: line.sku,
      name: line.sku,
      inventory_items: [{ id: 880_000 + index, name: line.sku, quantity: line.quantity, is_dangerous_goods: false }],
    })),
  };
  const text = body ?? JSON.stringify(shipment);
  const webhookId = `msg_conformance_${id}`;
  const timestamp = String(Math.floor(Date.now() / 1_000));
  const headers = {
    'webhook-id': webhookId,
    'webhook-timestamp': timestamp,
    'webhook-signature': signStandardWebhook(webhookSecret, { id: webhookId, timestamp, body: text }),
    'x-webhook-topic': 'order.shipped',
  };
  return { headers, rawBody: Buffer.from(text, 'utf8'), receivedAt: at };
}

/**
 * The conformance harness over the ShipBob sandbox of one API version. A shipment leaves exactly one fulfilment
 * centre, so the webhook checks take the unmapped SKU and the unmapped location in two deliveries
 * (`webhookLocations: 'one'`). Deliveries from the sandbox itself are covered by shipbob-webhook-delivery.test.ts.
 */
export function shipBobConformanceHarness(apiVersion: ShipBobApiVersion): ConnectorConformanceHarness {
  const connection = `shipbob-conformance-${apiVersion}`;
  const configuration = createConformanceConfiguration({
    connection,
    connector: 'shipbob',
    externalLocations: { north: String(north), south: String(south) },
  });
  const catalog = buildCatalog(configuration);
  const mapping = createConnectionMapping(catalog, connection);
  let sandbox: ShipBobSandbox | undefined;
  // Each delivery is a new shipment with its own id (and webhook-id), as ShipBob sends them.
  let deliveries = 300_000;
  const remote = () => {
    if (sandbox === undefined) throw new Error('the sandbox is not started');
    return sandbox;
  };
  const center = (location: string) => Number(mapping.toExternalLocation(location));
  const itemFor = (sku: string) => {
    const external = mapping.toExternalSku(sku);
    return remote().findItem(external) ?? remote().addItem(external);
  };
  const addFlaws = (flaws: readonly string[] = []) => {
    if (flaws.includes('unmapped-sku'))
      remote().setLevel(remote().addItem('UNMAPPED-SKU'), north, { on_hand_quantity: 4 });
    if (flaws.includes('unmapped-location'))
      remote().setLevel(itemFor('SKU-RED'), unmappedCenter, { on_hand_quantity: 4 });
  };
  // A short request timeout, so the hang check waits little; the sandbox's hangs last until clearFaults.
  const hangs = { requestTimeoutMs: 1_000, inject: async () => remote().faults.hangNext(10_000) };
  const connector = (baseUrl = remote().baseUrl, token = sandbox?.personalAccessToken) =>
    createShipBobConnector(
      {
        baseUrl,
        apiVersion,
        authentication: { kind: 'personal-access-token', token: { env: tokenVariable } },
        webhookSecret: { env: secretVariable },
        pageSize: 3,
        requestTimeoutMs: hangs.requestTimeoutMs,
      } as never,
      { mapping, environment: { [tokenVariable]: token, [secretVariable]: webhookSecret } },
    );

  return {
    name: `ShipBob ${apiVersion} connector over its sandbox`,
    // Capabilities are data: an instance that is never called can describe them before the sandbox starts.
    capabilities: describeCapabilities(connector('http://127.0.0.1:9')),
    configuration,
    connection,
    simulates: { rateLimitStorm: true, connectionFaults: true, malformedPayloads: true },
    inventoryStates: ['onHand', 'inTransit'],
    webhookLocations: 'one',
    async setUp() {
      sandbox = await createShipBobSandbox({ apiVersion });
    },
    async tearDown() {
      await sandbox?.close();
    },
    async resetRemote() {
      remote().reset();
      for (const id of [north, south, unmappedCenter]) remote().addFulfillmentCenter(id);
    },
    createConnector: () => connector(),
    createConnectorWithWrongCredentials: () => connector(remote().baseUrl, 'pat-revoked'),
    async seedRemoteInventory(records, options) {
      for (const record of records) {
        remote().setLevel(itemFor(record.sku), center(record.location), {
          on_hand_quantity: record.quantities.onHand ?? 0,
          internal_transfer_quantity: record.quantities.inTransit ?? 0,
        });
      }
      addFlaws(options?.flaws);
    },
    async appendRemoteChanges(changes, options) {
      for (const change of changes) {
        const item = itemFor(change.sku);
        const current = remote().level(item, center(change.location));
        // A level ShipBob did not hold yet starts from a stock the change cannot empty.
        const base = current.on_hand_quantity === 0 ? 100 : current.on_hand_quantity;
        remote().setLevel(item, center(change.location), { on_hand_quantity: base + change.change });
      }
      addFlaws(options?.flaws);
    },
    async injectRateLimitStorm({ retryAfterMs }) {
      remote().rateWindow.storm(Math.max(1, Math.ceil(retryAfterMs / 1_000)));
    },
    hangs,
    async injectConnectionFaults() {
      remote().faults.resetNext(1_000);
    },
    async clearFaults() {
      remote().rateWindow.calm();
      remote().faults.clear();
    },
    async seedMalformedRemoteData() {
      const item = itemFor('SKU-GREEN');
      remote().setLevel(item, north, { on_hand_quantity: 3 });
      remote().makeMalformed(item);
    },
    signedWebhook(options) {
      const external = (sku: string) => mapping.toExternalSku(sku);
      if (options?.flaws?.includes('unmapped-location')) {
        return shipmentDelivery(++deliveries, unmappedCenter, [{ sku: external('SKU-RED'), quantity: 2 }]);
      }
      const lines: ShipmentLine[] =
        options?.sku === undefined
          ? [
              { sku: external('SKU-RED'), quantity: 2 },
              { sku: external('SKU-BLACK'), quantity: 1 },
            ]
          : [{ sku: external(options.sku), quantity: 2 }];
      if (options?.flaws?.includes('unmapped-sku')) lines.push({ sku: 'UNMAPPED-SKU', quantity: 1 });
      return shipmentDelivery(++deliveries, north, lines);
    },
    tamperedWebhook() {
      const signed = shipmentDelivery(++deliveries, north, [{ sku: mapping.toExternalSku('SKU-RED'), quantity: 2 }]);
      const tampered = Buffer.from(signed.rawBody).toString('utf8').replace('"quantity":2', '"quantity":20');
      return { ...signed, rawBody: Buffer.from(tampered, 'utf8') };
    },
    malformedWebhook: () =>
      shipmentDelivery(++deliveries, north, [], JSON.stringify({ id: 'not-a-number', products: 'none' })),
  };
}
