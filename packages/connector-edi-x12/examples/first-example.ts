import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createEdiX12Connector } from '@stockwire/connector-edi-x12';
import { createConnectionMapping, createMemoryConnectorState } from '@stockwire/connector-kit';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';

const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'wh-east', kind: 'warehouse' }],
  skus: [{ id: 'MUG', aliases: [{ connection: 'edi', value: 'MUG-001' }] }],
  connections: { edi: { connector: 'edi-x12', locations: { EAST: 'wh-east' } } },
  authority: [{ connections: ['edi'], states: '*' }],
  channels: [{ id: 'macys', connection: 'edi', locations: ['wh-east'] }],
});
// The folder partners exchange documents in: they drop theirs in inbox/, ours go to outbox/.
const folder = process.env.EDI_FOLDER ?? '/tmp/edi';
mkdirSync(join(folder, 'inbox'), { recursive: true });

const connector = createEdiX12Connector(
  {
    transport: { kind: 'folder', path: folder },
    identity: { qualifier: 'ZZ', id: 'STOCKWIRE' },
    partners: [
      // The 3PL that holds the stock sends us its 846s; the department store gets ours.
      { name: 'acme-3pl', qualifier: 'ZZ', id: 'ACME3PL' },
      { name: 'macys', qualifier: '01', id: '123456789', channel: 'macys' },
    ],
  },
  // The runner gives every connection a durable state store (Redis); control numbers live there.
  { mapping: createConnectionMapping(buildCatalog(configuration), 'edi'), state: createMemoryConnectorState() },
);
const page = await connector.snapshot.read({}); // the 3PL's newest 846 in inbox/ (answered with a 997 in outbox/)
console.log(page.records); // [{ sku: 'MUG', location: 'wh-east', quantities: { onHand: 40, available: 36 }, … }]
const pushed = await connector.push.push({
  items: [{ key: 'macys/MUG', channel: 'macys', sku: 'MUG', location: 'wh-east', quantity: 12, status: 'in-stock' }],
  idempotencyKey: 'example',
}); // writes <folder>/outbox/846-macys-000000001.x12:
// ISA*00*…*ZZ*STOCKWIRE      *01*123456789      *…*U*00401*000000001*0*P*>~ GS*IB*STOCKWIRE*123456789*…*1*X*004010~
// ST*846*0001~ BIA*00*SI*000000001*<date>*<time>*1~ DTM*007*…~ LIN**SK*MUG-001~ QTY*33*12*EA~ N1*WH*EAST*92*EAST~
// CTT*1*12~ SE*8*0001~ GE*1*1~ IEA*1*000000001~
console.log(pushed.results); // [{ key: 'macys/MUG', outcome: 'written', remoteQuantity: 12 }]
