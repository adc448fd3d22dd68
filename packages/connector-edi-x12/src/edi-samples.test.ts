import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MalformedPayloadError, UnmappedSkuError } from '@stockwire/connector-spec';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { EdiX12ConnectorSettingsInput } from './edi-settings.ts';
import { createFolderConnection, type FolderConnection, testConnection } from './test-support/folder-connection.ts';
import { loadGrammar, validateAgainstGrammar } from './test-support/x12-structure.ts';
import { readInterchanges } from './x12-read.ts';

// The real samples in ../shared/specs/x12/samples (see its SOURCE.txt), read at test time and never copied here.
const specs = locateVendorSpecs();
const sample = (name: string) => readFileSync(vendorSpecPath(specs.folder ?? '', 'x12', 'samples', name), 'utf8');
const describeSamples = describe.skipIf(specs.folder === undefined);

const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'newegg-dc', kind: 'warehouse' },
    { id: 'ems-plant', kind: 'warehouse' },
  ],
  skus: [
    { id: 'SKU-HP17', aliases: [{ connection: testConnection, value: 'HPW2M99UAR' }] },
    { id: 'SKU-MBP15', aliases: [{ connection: testConnection, value: '2SN-0001-000V3' }] },
    { id: 'SKU-OPTIPLEX', aliases: [{ connection: testConnection, value: 'MBDEL7010-W10/3.2CI5' }] },
    { id: 'SKU-THINKPAD', aliases: [{ connection: testConnection, value: '46L5055' }] },
  ],
  connections: {
    [testConnection]: {
      connector: 'edi-x12',
      locations: { 'NEWEGG-DC': 'newegg-dc', SAN003: 'ems-plant' },
      settings: {},
    },
  },
  authority: [{ connections: [testConnection], states: '*' }],
  channels: [],
});

const partners: EdiX12ConnectorSettingsInput['partners'] = [
  // The Newegg vendor feed names items by vendor part (LIN VP) and no location: the profile gives it.
  {
    name: 'newegg-vendor',
    qualifier: '12',
    id: '2039673435',
    inbound: { identifierQualifiers: ['VP'], defaultLocation: 'NEWEGG-DC' },
  },
  // Sanmina names items by buyer part (BP) and the plant in the header N1*ST; QTY QH is stock on hold.
  {
    name: 'sanmina',
    qualifier: '01',
    id: '322341109',
    inbound: { identifierQualifiers: ['BP'], quantities: { QH: 'qualityControl', '17': 'onHand' } },
  },
  { name: 'newegg', qualifier: '01', id: '004919486US2' },
];

let connection: FolderConnection | undefined;
afterEach(async () => await connection?.remove());
const open = async (identityId = '5626958823VF') => {
  connection = await createFolderConnection({
    configuration,
    partners,
    identity: { qualifier: 'ZZ', id: identityId, separators: { element: '*', component: '>', segment: '~' } },
  });
  return connection;
};
const readAll = async (opened: FolderConnection) => {
  const connector = opened.connector();
  const records = [];
  const failures = [];
  let cursor: string | undefined;
  do {
    const page = await connector.snapshot.read({ cursor });
    records.push(...page.records);
    failures.push(...page.failures);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return { records, failures };
};

describeSamples(`real 846 samples ${specs.skipReason ?? ''}`, () => {
  it('newegg-vendor-30886_846.x12 (2 ST sets): the mapped vendor parts become available quantities at the profile location, the rest unmapped', async () => {
    const opened = await open();
    const text = sample('newegg-vendor-30886_846.x12');
    await opened.drop('newegg-30886.x12', text);
    const { records, failures } = await readAll(opened);
    expect(records.map((record) => [record.sku, record.location, record.quantities, record.observedAt]).sort()).toEqual(
      [
        ['SKU-HP17', 'newegg-dc', { available: 0 }, '2017-05-23T00:00:00Z'],
        ['SKU-MBP15', 'newegg-dc', { available: 26 }, '2017-05-23T00:00:00Z'],
        ['SKU-OPTIPLEX', 'newegg-dc', { available: 14 }, '2017-05-23T00:00:00Z'],
      ],
    );
    const lines = text.split('~').filter((segment) => segment.trim().startsWith('LIN*')).length;
    expect(failures).toHaveLength(lines - 3);
    expect(failures.every((failure) => UnmappedSkuError.isInstance(failure.error))).toBe(true);
    expect(failures[0]?.where).toMatch(/^inbox\/newegg-30886\.x12 ST 84679051 LIN at segment 3$/);
    // Valid X12 with names we do not map is accepted (AK5 A, or E naming the lines we could not take), once.
    const answer = await opened.read(join('outbox', '997-newegg-vendor-846038470.x12'));
    expect(answer).toContain('AK1*IB*38470~');
    expect(answer).toContain('AK2*846*84679050~\nAK5*A~');
    // The second set names items no alias maps: accepted with errors, each line named (AK4 code 7, invalid code value).
    expect(answer).toContain('AK2*846*84679051~\nAK3*LIN*3**8~\nAK4*3**7*2SN-0001-000W7~');
    expect(answer).toContain('AK9*E*2*2*2~');
    await readAll(opened);
    expect((await opened.files('outbox')).filter((name) => name.startsWith('997-'))).toHaveLength(1);
  });

  it('newegg-vendor-30886_846.SE-COUNT-MISMATCH.x12: rejected whole, moved aside with the reason, a 997 naming the counts', async () => {
    const opened = await open();
    await opened.drop('newegg-30886-bad.x12', sample('newegg-vendor-30886_846.SE-COUNT-MISMATCH.x12'));
    const { records, failures } = await readAll(opened);
    expect(records).toEqual([]);
    expect(failures).toHaveLength(1);
    expect(MalformedPayloadError.isInstance(failures[0]?.error)).toBe(true);
    expect(failures[0]?.error.message).toContain('SE01 says 8 segments, the set has 13');
    expect(await opened.files('inbox')).toEqual([]);
    expect(await opened.files('rejected')).toEqual(['newegg-30886-bad.x12', 'newegg-30886-bad.x12.reason.txt']);
    const reason = await opened.read(join('rejected', 'newegg-30886-bad.x12.reason.txt'));
    expect(reason).toContain('ST02 84679050: SE01 says 8 segments, the set has 13');
    expect(reason).toContain('ST02 84679051: SE01 says 403 segments, the set has 393');
    const answer = await opened.read(join('outbox', '997-newegg-vendor-846038470.x12'));
    // AK5 R with code 4 (segment count); the lines no alias maps are named too, for the corrected resend.
    expect(answer).toContain('AK2*846*84679050~\nAK3*LIN*3**8~\nAK4*3**7*MBHP840-W10/1.9CI5-180~\nAK5*R*4*5~');
    expect(answer).toContain('AK9*R*2*2*0~');
    // Our 997 is itself valid 004010: node-x12 reads it and it matches the 997 structure in the spec folder.
    const grammar = loadGrammar(
      vendorSpecPath(specs.folder ?? '', 'x12', 'structure', 'bots-4010-846-997.json'),
      '997004010',
    );
    const transaction = readInterchanges(answer)[0]?.groups[0]?.transactions[0];
    if (transaction === undefined) throw new Error('no 997 transaction set');
    expect(validateAgainstGrammar(transaction, grammar, '>')).toEqual([]);
  });

  it("sanmina-846in-example1.x12 ('~' elements, '}' terminator, BOM, blank ISA11): the header N1*ST plant and the DTM time", async () => {
    const opened = await open('SANMINACORP');
    await opened.drop('sanmina-1.x12', sample('sanmina-846in-example1.x12'));
    const { records, failures } = await readAll(opened);
    expect(failures).toEqual([]);
    expect(records).toEqual([
      expect.objectContaining({
        sku: 'SKU-THINKPAD',
        location: 'ems-plant',
        quantities: { qualityControl: 100 },
        observedAt: '2004-08-11T23:00:00Z',
      }),
    ]);
    const answer = await opened.read(join('outbox', '997-sanmina-000001979.x12'));
    const [interchange] = readInterchanges(answer);
    const tags = interchange?.groups[0]?.transactions[0]?.segments.map(
      (segment) => `${segment.tag}*${segment.element(1)}*${segment.element(2)}`,
    );
    // The same acknowledgement the constructed sample derived-997-for-sanmina-846.x12 gives.
    expect(tags).toEqual(['AK1*IB*1979', 'AK2*846*1979', 'AK5*A*', 'AK9*A*1']);
  });
});

describeSamples(`real 997 samples ${specs.skipReason ?? ''}`, () => {
  it('newegg-997-accepted.x12 (3 interchanges acknowledging 850s): read, no events, no failures, never answered', async () => {
    const opened = await open();
    await opened.drop('newegg-997.x12', sample('newegg-997-accepted.x12'));
    const connector = opened.connector();
    const page = await connector.changes.pull({});
    expect([page.events, page.failures]).toEqual([[], []]);
    await connector.changes.pull({ cursor: page.cursor });
    expect(await opened.files('processed')).toEqual(['newegg-997.x12']);
    expect(await opened.files('outbox')).toEqual([]);
  });

  it('derived-997-for-sanmina-846.x12 closes our 846 whose GS06 is 1979, so it is no longer tracked', async () => {
    // We are 322341109 sending 846s to SANMINACORP; the sample acknowledges group 1979.
    connection = await createFolderConnection({
      configuration: StockwireConfigurationSchema.parse({
        ...configuration,
        channels: [{ id: 'ems', connection: testConnection, locations: ['ems-plant'] }],
      }),
      identity: { qualifier: '01', id: '322341109', separators: { element: '*', component: '>', segment: '~' } },
      partners: [{ name: 'sanmina-buyer', qualifier: '01', id: 'SANMINACORP', channel: 'ems' }],
    });
    await connection.state.set('x12:control:sanmina-buyer', { interchange: 1978, group: 1978, transaction: 1978 });
    const connector = connection.connector();
    const item = {
      key: 'k',
      channel: 'ems',
      sku: 'SKU-THINKPAD',
      location: 'ems-plant',
      quantity: 40,
      status: 'in-stock' as const,
    };
    await connector.push.push({ items: [item], idempotencyKey: 'one' });
    expect(await connection.state.get('x12:outstanding:sanmina-buyer')).toEqual([
      expect.objectContaining({ group: 1979 }),
    ]);
    await connection.drop('sanmina-997.x12', sample('derived-997-for-sanmina-846.x12'));
    const page = await connector.changes.pull({});
    expect(page.failures).toEqual([]);
    expect(await connection.state.get('x12:outstanding:sanmina-buyer')).toEqual([]);
  });
});
