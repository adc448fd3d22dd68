import { createConnectionMapping } from '@stockwire/connector-kit';
import { createSquareConnector, SquareConnectorSettingsSchema } from '@stockwire/connector-square';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';

const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'store-main', kind: 'store' }],
  skus: [{ id: 'TSHIRT-M' }],
  connections: { 'square-main': { connector: 'square', locations: { L8BACKROOM01: 'store-main' } } },
  authority: [{ connections: ['square-main'], states: '*' }],
});
const square = createSquareConnector(
  // The schema fills in the defaults (environment, page size, intervals) that the connector takes as given.
  SquareConnectorSettingsSchema.parse({
    accessToken: { env: 'SQUARE_ACCESS_TOKEN' },
    webhookSignatureKey: { env: 'SQUARE_WEBHOOK_SIGNATURE_KEY' },
    notificationUrl: 'https://stockwire.example.com/webhooks/square',
    writableLocations: ['L8BACKROOM01'],
    // Unset, calls go to Square (https://connect.squareup.com); set it to reach the sandbox instead.
    baseUrl: process.env.SQUARE_BASE_URL,
  }),
  { mapping: createConnectionMapping(buildCatalog(configuration), 'square-main') },
);
const page = await square.snapshot?.read({});
console.log(page?.records); // [{ sku: 'TSHIRT-M', location: 'store-main', quantities: { available: 7, … }, … }]
