import { createConnectionMapping } from '@stockwire/connector-kit';
import { createShipHeroConnector, ShipHeroConnectorSettingsSchema } from '@stockwire/connector-shiphero';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';

const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'wh-primary', kind: 'warehouse' }],
  skus: [{ id: 'TEE-BLUE-M' }],
  // ShipHero's warehouse id is the GraphQL id, base64 of `Warehouse:<legacy id>` (here 76733).
  connections: { shiphero: { connector: 'shiphero', locations: { V2FyZWhvdXNlOjc2NzMz: 'wh-primary' } } },
  authority: [{ connections: ['shiphero'], states: '*' }],
  channels: [{ id: 'wms-feed', connection: 'shiphero', locations: ['wh-primary'] }],
});
const connector = createShipHeroConnector(
  // The schema fills in the defaults (page sizes, push reason, assumed credits) that the connector takes as given.
  ShipHeroConnectorSettingsSchema.parse({
    // Unset, calls go to ShipHero (https://public-api.shiphero.com); set it to reach the sandbox instead.
    baseUrl: process.env.SHIPHERO_BASE_URL,
    authentication: { kind: 'refresh-token', refreshToken: { env: 'SHIPHERO_REFRESH_TOKEN' } },
  }),
  { mapping: createConnectionMapping(buildCatalog(configuration), 'shiphero') },
);
const page = await connector.snapshot?.read({});
console.log(page?.records); // [{ sku: 'TEE-BLUE-M', location: 'wh-primary', quantities: { onHand: 10, committed: 2, … }, … }]
// Only where ShipHero follows a system of record: the push sets on hand with `inventory_replace`.
const pushed = await connector.push?.push({
  idempotencyKey: 'example',
  items: [
    {
      key: 'wms-feed/TEE-BLUE-M',
      channel: 'wms-feed',
      sku: 'TEE-BLUE-M',
      location: 'wh-primary',
      quantity: 12,
      status: 'in-stock',
    },
  ],
});
console.log(pushed?.results); // [{ key: 'wms-feed/TEE-BLUE-M', outcome: 'written', remoteQuantity: 12 }]
