import { createConnectionMapping } from '@stockwire/connector-kit';
import { createShopifyConnector } from '@stockwire/connector-shopify';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';

const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'wh-east', kind: 'warehouse' }],
  skus: [{ id: 'TSHIRT-M' }],
  connections: { shop: { connector: 'shopify', locations: { 'gid://shopify/Location/1001': 'wh-east' } } },
  authority: [{ connections: ['shop'], states: '*' }],
  channels: [{ id: 'web', connection: 'shop', locations: ['wh-east'] }],
});
const connector = createShopifyConnector(
  {
    shop: process.env.SHOPIFY_SHOP ?? 'your-store.myshopify.com',
    // Unset, calls go to Shopify (https://<shop>/admin/api/…); set it to reach the sandbox instead.
    adminApiUrl: process.env.SHOPIFY_ADMIN_API_URL,
    accessToken: { env: 'SHOPIFY_ACCESS_TOKEN' },
    apiSecretKey: { env: 'SHOPIFY_API_SECRET' },
  },
  { mapping: createConnectionMapping(buildCatalog(configuration), 'shop') },
);
const page = await connector.snapshot.read({});
console.log(page?.records); // [{ sku: 'TSHIRT-M', location: 'wh-east', quantities: { available: 12, onHand: 14, committed: 2, … } }]
const pushed = await connector.push.push({
  idempotencyKey: 'example',
  items: [
    { key: 'web/TSHIRT-M', channel: 'web', sku: 'TSHIRT-M', location: 'wh-east', quantity: 10, status: 'in-stock' },
  ],
});
console.log(pushed?.results); // [{ key: 'web/TSHIRT-M', outcome: 'written', remoteQuantity: 10 }]
