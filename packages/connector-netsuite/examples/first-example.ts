import { createConnectionMapping } from '@stockwire/connector-kit';
import { createNetSuiteConnector, NetSuiteConnectorSettingsSchema } from '@stockwire/connector-netsuite';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';

const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'wh-east', kind: 'warehouse' }],
  skus: [{ id: 'MUG-BLUE' }],
  // NetSuite location internal id 1 is wh-east; items are matched by their name (item.itemid) MUG-BLUE.
  connections: { erp: { connector: 'netsuite', locations: { '1': 'wh-east' } } },
  authority: [{ connections: ['erp'], states: '*' }],
  channels: [{ id: 'erp-feed', connection: 'erp', locations: ['wh-east'] }],
});
const connector = createNetSuiteConnector(
  // The schema fills in the defaults (page sizes, concurrency slots, algorithm) that the connector takes as given.
  NetSuiteConnectorSettingsSchema.parse({
    account: process.env.NETSUITE_ACCOUNT ?? '1234567',
    // Unset, calls go to NetSuite (https://<account>.suitetalk.api.netsuite.com); set it to reach the sandbox instead.
    baseUrl: process.env.NETSUITE_BASE_URL,
    authentication: {
      kind: 'oauth2-m2m',
      clientId: { env: 'NETSUITE_CLIENT_ID' },
      certificateId: process.env.NETSUITE_CERTIFICATE_ID ?? 'your-certificate-id',
      privateKey: { env: 'NETSUITE_PRIVATE_KEY' },
    },
    // Only where NetSuite follows a system of record: targets become inventory adjustments to this account.
    push: { adjustmentAccount: process.env.NETSUITE_ADJUSTMENT_ACCOUNT ?? '154' },
  }),
  { mapping: createConnectionMapping(buildCatalog(configuration), 'erp') },
);
const page = await connector.snapshot?.read({});
console.log(page?.records); // [{ sku: 'MUG-BLUE', location: 'wh-east', quantities: { onHand: 40, committed: 6, … }, … }]
const pushed = await connector.push?.push({
  idempotencyKey: 'example',
  items: [
    {
      key: 'erp-feed/MUG-BLUE',
      channel: 'erp-feed',
      sku: 'MUG-BLUE',
      location: 'wh-east',
      quantity: 36,
      status: 'in-stock',
    },
  ],
});
console.log(pushed?.results); // [{ key: 'erp-feed/MUG-BLUE', outcome: 'written', remoteQuantity: 36 }]
