import { createConnectionMapping } from '@stockwire/connector-kit';
import { createShipBobConnector, ShipBobConnectorSettingsSchema } from '@stockwire/connector-shipbob';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';

const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'fc-moreno-valley', kind: 'warehouse' }],
  skus: [{ id: 'MUG-BLUE' }],
  // ShipBob fulfilment centre 10 is fc-moreno-valley; items are matched by their ShipBob sku MUG-BLUE.
  connections: { 'shipbob-us': { connector: 'shipbob', locations: { '10': 'fc-moreno-valley' } } },
  authority: [{ connections: ['shipbob-us'], states: '*' }],
});
const connector = createShipBobConnector(
  // The schema fills in the defaults (page sizes, look-back, intervals) that the connector takes as given.
  ShipBobConnectorSettingsSchema.parse({
    // Unset, calls go to ShipBob (https://api.shipbob.com); set it to reach the sandbox instead.
    baseUrl: process.env.SHIPBOB_BASE_URL,
    apiVersion: '2026-01',
    authentication: { kind: 'personal-access-token', token: { env: 'SHIPBOB_TOKEN' } },
  }),
  { mapping: createConnectionMapping(buildCatalog(configuration), 'shipbob-us') },
);
// ShipBob owns the stock, so the connector only reads: levels per fulfilment centre, and what receiving announces.
const page = await connector.snapshot?.read({});
console.log(page?.records); // [{ sku: 'MUG-BLUE', location: 'fc-moreno-valley', quantities: { onHand: 40, committed: 6, … }, … }]
// One poll round reads every level page, then the receiving orders; `hasMore` says the round goes on.
let poll = await connector.changes?.pull({});
const events = [...(poll?.events ?? [])];
while (poll?.hasMore) {
  poll = await connector.changes?.pull({ cursor: poll.cursor });
  events.push(...(poll?.events ?? []));
}
console.log(events.filter((event) => event.kind === 'incoming-expected')); // [{ kind: 'incoming-expected', sku: 'MUG-BLUE', quantity: 24, … }]
