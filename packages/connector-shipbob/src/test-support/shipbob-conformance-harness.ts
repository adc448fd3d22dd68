import { createConnectionMapping } from '@stockwire/connector-kit';
import { type ConnectorConformanceHarness, createConformanceConfiguration } from '@stockwire/connector-kit/testing';
import { describeCapabilities } from '@stockwire/connector-spec';
import { buildCatalog } from '@stockwire/model';
import { createShipBobSandbox, type ShipBobSandbox } from '../sandbox/index.ts';
import { createShipBobConnector } from '../shipbob-connector.ts';
import type { ShipBobApiVersion } from '../shipbob-settings.ts';

const north = 10;
const south = 11;
const unmappedCenter = 99;
const tokenVariable = 'SHIPBOB_CONFORMANCE_TOKEN';

/**
 * The conformance harness over the ShipBob sandbox of one API version. Webhooks are left out of this run: the
 * suite's unmapped-names check wants one delivery holding a mapped and an unmapped location, and a ShipBob shipment
 * has exactly one fulfilment centre. Webhooks are covered by shipbob-webhook-delivery.test.ts instead.
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
  const connector = (baseUrl = remote().baseUrl) =>
    createShipBobConnector(
      {
        baseUrl,
        apiVersion,
        authentication: { kind: 'personal-access-token', token: { env: tokenVariable } },
        pageSize: 3,
      } as never,
      { mapping, environment: { [tokenVariable]: sandbox?.personalAccessToken } },
    );

  return {
    name: `ShipBob ${apiVersion} connector over its sandbox`,
    // Capabilities are data: an instance that is never called can describe them before the sandbox starts.
    capabilities: describeCapabilities(connector('http://127.0.0.1:9')),
    configuration,
    connection,
    simulates: { rateLimitStorm: true, connectionFaults: true, malformedPayloads: true },
    inventoryStates: ['onHand', 'inTransit'],
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
  };
}
