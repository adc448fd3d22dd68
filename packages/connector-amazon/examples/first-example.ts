import { createAmazonConnector } from '@stockwire/connector-amazon';
import { createConnectionMapping } from '@stockwire/connector-kit';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';

const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'amazon-us', kind: 'warehouse' }],
  skus: [{ id: 'TSHIRT-M', aliases: [{ connection: 'amazon', value: 'TEE-BLK-M' }] }],
  // Each marketplace id is a location: where Amazon holds FBA stock and where merchant-fulfilled offers sell.
  connections: { amazon: { connector: 'amazon', locations: { ATVPDKIKX0DER: 'amazon-us' } } },
  authority: [{ connections: ['amazon'], states: '*' }],
  channels: [{ id: 'amazon', connection: 'amazon', locations: ['amazon-us'] }],
});
const connector = createAmazonConnector(
  {
    sellerId: process.env.AMAZON_SELLER_ID ?? 'A2EXAMPLESELLER',
    marketplaceIds: ['ATVPDKIKX0DER'],
    clientId: { env: 'AMAZON_LWA_CLIENT_ID' },
    clientSecret: { env: 'AMAZON_LWA_CLIENT_SECRET' },
    refreshToken: { env: 'AMAZON_REFRESH_TOKEN' },
    // Unset, calls go to Amazon (SP-API, Login with Amazon); set it to reach the sandbox instead.
    endpoint: process.env.AMAZON_SP_API_ENDPOINT,
  },
  { mapping: createConnectionMapping(buildCatalog(configuration), 'amazon') },
);
const page = await connector.snapshot.read({});
console.log(page.records); // FBA stock: [{ sku: 'TSHIRT-M', location: 'amazon-us', quantities: { onHand: 9, available: 7, … }, … }]
const pushed = await connector.push.push({
  idempotencyKey: 'example',
  items: [
    {
      key: 'amazon/TSHIRT-M',
      channel: 'amazon',
      sku: 'TSHIRT-M',
      location: 'amazon-us',
      quantity: 12,
      status: 'in-stock',
    },
  ],
});
console.log(pushed.results); // merchant-fulfilled: [{ key: 'amazon/TSHIRT-M', outcome: 'written', remoteQuantity: 12 }]
