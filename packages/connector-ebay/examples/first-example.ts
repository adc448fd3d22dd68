import { createEbayConnector } from '@stockwire/connector-ebay';
import { createConnectionMapping } from '@stockwire/connector-kit';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';

const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'wh-east', kind: 'warehouse' }],
  skus: [{ id: 'TSHIRT-M', aliases: [{ connection: 'ebay-us', value: 'TEE-BLK-M' }] }],
  // The seller's merchant location keys (Inventory API locations), mapped to canonical locations.
  connections: { 'ebay-us': { connector: 'ebay', locations: { 'WAREHOUSE-1': 'wh-east' } } },
  authority: [{ connections: ['ebay-us'], states: '*' }],
  channels: [{ id: 'ebay', connection: 'ebay-us', locations: ['wh-east'] }],
});
const connector = createEbayConnector(
  {
    // Unset, calls go to eBay (https://api.ebay.com); set it to reach the sandbox instead.
    baseUrl: process.env.EBAY_BASE_URL,
    clientId: { env: 'EBAY_CLIENT_ID' },
    clientSecret: { env: 'EBAY_CLIENT_SECRET' },
    refreshToken: { env: 'EBAY_REFRESH_TOKEN' },
  },
  { mapping: createConnectionMapping(buildCatalog(configuration), 'ebay-us') },
);
const page = await connector.snapshot.read({});
console.log(page.records); // [{ sku: 'TSHIRT-M', location: 'wh-east', quantities: { available: 5 }, … }]
const pushed = await connector.push.push({
  idempotencyKey: 'example',
  items: [
    { key: 'ebay/TSHIRT-M', channel: 'ebay', sku: 'TSHIRT-M', location: 'wh-east', quantity: 10, status: 'in-stock' },
  ],
});
console.log(pushed.results); // [{ key: 'ebay/TSHIRT-M', outcome: 'written', remoteQuantity: 10 }]
const budget = await connector.revisionBudget.report(); // eBay allows 250 revisions a day per listing
console.log(budget.listings); // [{ listingId: '…', used: 1, remaining: 249, … }]
