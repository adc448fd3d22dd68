import { createConnectionMapping } from '@stockwire/connector-kit';
import { createVendureConnector, VendureConnectorSettingsSchema } from '@stockwire/connector-vendure';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';

const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'wh-east', kind: 'warehouse' }],
  skus: [{ id: 'MUG-BLUE' }],
  // Vendure stock location 1 (the Admin API's id) is wh-east; variants are matched by their SKU MUG-BLUE.
  connections: { 'vendure-uk': { connector: 'vendure', locations: { '1': 'wh-east' } } },
  authority: [{ connections: ['vendure-uk'], states: '*' }],
  channels: [{ id: 'web-uk', connection: 'vendure-uk', locations: ['wh-east'] }],
});
const vendure = createVendureConnector(
  // The schema fills in the defaults (page size, batch size, backorder limit) that the connector takes as given.
  VendureConnectorSettingsSchema.parse({
    adminApiUrl: process.env.VENDURE_ADMIN_API_URL ?? 'https://shop.example.com/admin-api',
    // The channel's token (Settings > Channels); unset, the default channel.
    channel: process.env.VENDURE_CHANNEL_TOKEN,
    authentication: { kind: 'api-key', apiKey: { env: 'VENDURE_API_KEY' } },
  }),
  { mapping: createConnectionMapping(buildCatalog(configuration), 'vendure-uk') },
);
const page = await vendure.snapshot?.read({});
console.log(page?.records); // [{ sku: 'MUG-BLUE', location: 'wh-east', quantities: { onHand: 12, committed: 0, … }, … }]
// The quantity is what the channel should sell: Vendure's stock on hand becomes it plus what is allocated.
const pushed = await vendure.push?.push({
  idempotencyKey: 'example',
  items: [
    {
      key: 'web-uk/MUG-BLUE',
      channel: 'web-uk',
      sku: 'MUG-BLUE',
      location: 'wh-east',
      quantity: 9,
      status: 'in-stock',
    },
  ],
});
console.log(pushed?.results); // [{ key: 'web-uk/MUG-BLUE', outcome: 'written', remoteQuantity: 9 }]
