import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UnmappedSkuError } from '@stockwire/connector-spec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidFileCursorError, InvalidFileRowError } from './file-errors.ts';
import { snapshotFileText } from './sandbox/inventory-files.ts';
import { createFolderConnection, type FolderConnection } from './test-support/folder-connection.ts';

let folder: FolderConnection;
beforeEach(async () => {
  folder = await createFolderConnection();
});
afterEach(async () => await folder.dispose());

describe('readSnapshot over a folder', () => {
  it('pages the newest snapshot file in canonical names and units, and moves the older one to processed/', async () => {
    await folder.sandbox.dropInboxFile(
      'snapshot-2026-11-26.csv',
      snapshotFileText([{ sku: 'CAP', location: 'WH1', on_hand: 99 }]),
    );
    const rows = [
      { sku: 'ERP-1001', location: 'WH1', on_hand: 12, committed: 2, observed_at: '2026-11-27T06:00:00Z' },
      { sku: 'MUG', location: 'WH2', on_hand: 3 },
      { sku: 'CAP', location: 'WH2', on_hand: 0 },
    ];
    await folder.sandbox.dropInboxFile('snapshot-2026-11-27.csv', snapshotFileText(rows));
    const modifiedAt = (await stat(join(folder.root, 'inbox/snapshot-2026-11-27.csv'))).mtime.toISOString();
    const connector = folder.connector({ pageSize: 2 });

    const first = await connector.snapshot.read({});
    expect(first.failures).toEqual([]);
    expect(first.records).toEqual([
      {
        sku: 'TSHIRT-M',
        location: 'wh-east',
        quantities: { onHand: 12, committed: 2 },
        observedAt: '2026-11-27T06:00:00Z',
        raw: { file: 'inbox/snapshot-2026-11-27.csv', line: 2, ...rows[0], on_hand: '12', committed: '2' },
      },
      // Cases of 6 become units; without observed_at the file's modification time says when it was true.
      expect.objectContaining({ sku: 'MUG', location: 'wh-west', quantities: { onHand: 18 }, observedAt: modifiedAt }),
    ]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await connector.snapshot.read({ cursor: first.nextCursor });
    expect(second.records.map((record) => record.sku)).toEqual(['CAP']);
    expect(second.nextCursor).toBeUndefined();
    expect(await folder.sandbox.listFolder('processed')).toEqual(['snapshot-2026-11-26.csv']);
    // The current snapshot stays in the inbox: a crash mid-way reads it again.
    expect(await folder.sandbox.listFolder('inbox')).toEqual(['snapshot-2026-11-27.csv']);
  });

  it('makes each bad row an item failure naming the file and line, and applies the rows around it', async () => {
    const rows = [
      { sku: 'CAP', location: 'WH1', on_hand: 5 },
      { sku: 'MUG', location: 'WH1', on_hand: 'lots', damaged: -1 },
      { sku: 'ERP-1001', location: 'WH1', on_hand: 7 },
      { sku: 'CAP', location: 'WH1', on_hand: 6 },
    ];
    await folder.sandbox.dropInboxFile('snapshot-2.csv', snapshotFileText(rows));
    const page = await folder.connector().snapshot.read({});

    expect(page.records.map((record) => [record.sku, record.quantities.onHand])).toEqual([
      ['CAP', 5],
      ['TSHIRT-M', 7],
    ]);
    expect(page.failures.map((failure) => [failure.where, failure.error.name, failure.error.retryable])).toEqual([
      ['inbox/snapshot-2.csv:3', 'InvalidFileRowError', false],
      ['inbox/snapshot-2.csv:5', 'InvalidFileRowError', false],
    ]);
    expect(InvalidFileRowError.isInstance(page.failures[0]?.error)).toBe(true);
    expect(page.failures[0]?.error.message).toMatch(
      /^inbox\/snapshot-2\.csv line 3: on_hand "lots" is not a whole number; damaged -1 must not be negative\./,
    );
    expect(page.failures[1]?.error.message).toMatch(
      /^inbox\/snapshot-2\.csv line 5: sku "CAP" at location "WH1" already appears on line 2\./,
    );
    // The file is not rejected: its good rows were applied, and it stays the current snapshot.
    expect(await folder.sandbox.listFolder('rejected')).toEqual([]);
    expect(await folder.sandbox.listFolder('inbox')).toEqual(['snapshot-2.csv']);
  });

  it('rejects a snapshot whose header cannot be read, explains why, and falls back to the previous one', async () => {
    await folder.sandbox.dropInboxFile(
      'snapshot-1.csv',
      snapshotFileText([{ sku: 'CAP', location: 'WH1', on_hand: 4 }]),
    );
    await folder.sandbox.dropInboxFile('snapshot-2.csv', 'sku,location,onhand\nCAP,WH1,5\n');
    const page = await folder.connector().snapshot.read({});

    expect(page.records.map((record) => [record.sku, record.quantities.onHand])).toEqual([['CAP', 4]]);
    expect(page.failures).toHaveLength(1);
    expect(page.failures[0]?.where).toBe('inbox/snapshot-2.csv:1');
    expect(page.failures[0]?.error.name).toBe('MalformedPayloadError');
    expect(page.failures[0]?.error.message).toContain('unknown column "onhand"');
    expect(await folder.sandbox.listFolder('rejected')).toEqual(['snapshot-2.csv', 'snapshot-2.csv.reason.txt']);
    expect(await folder.sandbox.readText('rejected/snapshot-2.csv.reason.txt')).toBe(
      'inbox/snapshot-2.csv:1: unknown column "onhand"; expected sku, location, on_hand and optionally committed, ' +
        'reserved, damaged, quality_control, safety_stock, in_transit, available, observed_at\n' +
        'inbox/snapshot-2.csv:1: the header has no "on_hand" column\n' +
        'Nothing from inbox/snapshot-2.csv was applied. Fix it and drop the whole file into inbox/ again.\n',
    );
    expect(await folder.sandbox.listFolder('inbox')).toEqual(['snapshot-1.csv']);
  });

  it('reads the configured CSV dialect: semicolons, single quotes', async () => {
    const dialect = { delimiter: ';', quote: "'" } as const;
    const rows = [{ sku: 'CAP', location: 'WH1', on_hand: 3, observed_at: '2026-11-27T06:00:00Z' }];
    await folder.sandbox.dropInboxFile('snapshot-1.csv', "sku;location;on_hand\n'CAP';WH1;3\n");
    const page = await folder.connector({ csv: dialect }).snapshot.read({});
    expect(page).toMatchObject({
      records: [{ sku: 'CAP', location: 'wh-east', quantities: { onHand: 3 } }],
      failures: [],
    });
    await folder.sandbox.dropInboxFile('snapshot-2.csv', snapshotFileText(rows, 'csv', dialect));
    const comma = await folder.connector().snapshot.read({});
    expect(comma.records).toEqual([]);
    expect(comma.failures[0]?.error.message).toContain('unknown column "sku;location;on_hand;observed_at"');
  });

  it('turns an unmapped SKU or location into a failure for that row alone', async () => {
    const rows = [
      { sku: 'ERP-9999', location: 'WH1', on_hand: 1 },
      { sku: 'CAP', location: 'WH7', on_hand: 1 },
      { sku: 'CAP', location: 'WH1', on_hand: 8 },
    ];
    await folder.sandbox.dropInboxFile('snapshot.jsonl', snapshotFileText(rows, 'jsonl'));
    const page = await folder.connector().snapshot.read({});
    expect(page.records.map((record) => [record.sku, record.location])).toEqual([['CAP', 'wh-east']]);
    expect(page.failures.map((failure) => [failure.where, failure.error.name])).toEqual([
      ['inbox/snapshot.jsonl:1', 'UnmappedSkuError'],
      ['inbox/snapshot.jsonl:2', 'UnmappedLocationError'],
    ]);
    expect(UnmappedSkuError.isInstance(page.failures[0]?.error)).toBe(true);
  });

  it('leaves files still being uploaded alone and rejects files whose name says nothing', async () => {
    await folder.sandbox.dropInboxFile('snapshot-3.csv.part', 'sku,loc');
    await folder.sandbox.dropInboxFile('.snapshot-4.csv', 'sku,loc');
    await folder.sandbox.dropInboxFile('stock.xlsx', 'binary');
    const page = await folder.connector().snapshot.read({});
    expect(page.records).toEqual([]);
    expect(page.failures.map((failure) => failure.where)).toEqual(['inbox/stock.xlsx']);
    expect(page.failures[0]?.error.message).toContain(
      'matches none of snapshot*, adjust* or incoming* with .csv or .jsonl',
    );
    expect(await folder.sandbox.listFolder('inbox', { hidden: true })).toEqual([
      '.snapshot-4.csv',
      'snapshot-3.csv.part',
    ]);
    expect(await folder.sandbox.listFolder('rejected')).toEqual(['stock.xlsx', 'stock.xlsx.reason.txt']);
  });

  it('refuses a cursor it did not make, or one into a snapshot that was superseded meanwhile', async () => {
    const rows = [1, 2, 3].map((index) => ({ sku: 'CAP', location: `WH${index === 3 ? 1 : index}`, on_hand: index }));
    await folder.sandbox.dropInboxFile('snapshot-1.csv', snapshotFileText(rows.slice(0, 2)));
    const connector = folder.connector({ pageSize: 1 });
    const first = await connector.snapshot.read({});
    await folder.sandbox.dropInboxFile('snapshot-2.csv', snapshotFileText(rows.slice(2)));
    await connector.snapshot.read({});
    const gone = connector.snapshot.read({ cursor: first.nextCursor });
    await expect(gone).rejects.toSatisfy(InvalidFileCursorError.isInstance);
    await expect(connector.snapshot.read({ cursor: first.nextCursor })).rejects.toThrow(/read the snapshot again/);
    await expect(connector.snapshot.read({ cursor: 'page-2' })).rejects.toThrow(/was not made by the file connector/);
  });

  it('returns an empty page when the inbox holds no snapshot', async () => {
    expect(await folder.connector().snapshot.read({})).toEqual({ records: [], failures: [] });
  });
});
