import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFileConnector } from '@stockwire/connector-file';
import { createConnectionMapping } from '@stockwire/connector-kit';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';

const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'wh-east', kind: 'warehouse' }],
  skus: [{ id: 'TSHIRT-M', aliases: [{ connection: 'wms', value: 'ERP-1001' }] }],
  connections: { wms: { connector: 'file', locations: { WH1: 'wh-east' } } },
  authority: [{ connections: ['wms'], states: '*' }],
});
// The folder the WMS exchanges files in (inbox/, outbox/, processed/, rejected/).
const folder = process.env.WMS_FOLDER ?? '/tmp/wms';
mkdirSync(join(folder, 'inbox'), { recursive: true });
writeFileSync(join(folder, 'inbox', 'snapshot-2026-11-27.csv'), 'sku,location,on_hand,committed\nERP-1001,WH1,12,2\n');

const connector = createFileConnector(
  { transport: { kind: 'folder', path: folder } },
  { mapping: createConnectionMapping(buildCatalog(configuration), 'wms') },
);
const page = await connector.snapshot.read({});
console.log(page.records); // [{ sku: 'TSHIRT-M', location: 'wh-east', quantities: { onHand: 12, committed: 2 }, … }]
await connector.push.push({
  items: [{ key: 'web/TSHIRT-M', channel: 'web', sku: 'TSHIRT-M', quantity: 10, status: 'in-stock' }],
  idempotencyKey: 'example',
}); // writes <folder>/outbox/availability-<timestamp>-<hash>.csv
