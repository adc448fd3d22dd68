import { type Channel, ChannelSchema, computeChannelQuantity, type InventoryEvent } from '@stockwire/model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adjustmentFileText, type IncomingFileRow, incomingFileText } from './sandbox/inventory-files.ts';
import { catalog, createFolderConnection, type FolderConnection } from './test-support/folder-connection.ts';

let folder: FolderConnection;
beforeEach(async () => {
  folder = await createFolderConnection();
});
afterEach(async () => await folder.dispose());

const day = 86_400_000;
// Dates relative to the test's clock, so the preorder horizon below never rots.
const now = new Date();
const inDays = (days: number) => new Date(now.getTime() + days * day).toISOString().replace(/\.\d+Z$/, 'Z');
const recordedAt = inDays(-1);
const incoming = (reference: string, sku: string, quantity: number | string, days = 5): IncomingFileRow => ({
  reference,
  sku,
  location: 'WH1',
  quantity,
  expected_at: inDays(days),
  occurred_at: recordedAt,
});

describe('expected deliveries in incoming* files', () => {
  it('become incoming-expected events in canonical units, keyed by every value of the row', async () => {
    await folder.sandbox.dropInboxFile(
      'incoming-001.csv',
      incomingFileText([incoming('PO-7', 'ERP-1001', 40), incoming('PO-7', 'MUG', 3, 9)]),
    );
    const page = await folder.connector().changes.pull({});
    expect(page.failures).toEqual([]);
    expect(page.events).toEqual([
      {
        kind: 'incoming-expected',
        idempotencyKey: `wms/incoming/PO-7/ERP-1001/WH1/40/${encodeURIComponent(inDays(5))}/${encodeURIComponent(recordedAt)}`,
        source: 'wms',
        occurredAt: recordedAt,
        sku: 'TSHIRT-M',
        location: 'wh-east',
        incomingReference: 'PO-7',
        quantity: 40,
        expectedAt: inDays(5),
        raw: { file: 'inbox/incoming-001.csv', line: 2, ...incoming('PO-7', 'ERP-1001', '40') },
      },
      // Mugs are counted in cases of 6 by this connection: 3 cases are 18 units.
      expect.objectContaining({ sku: 'MUG', quantity: 18, expectedAt: inDays(9), incomingReference: 'PO-7' }),
    ]);
    expect(page.cursor).toEqual({ file: '', line: 0, incoming: { file: 'incoming-001.csv', line: 3 } });
  });

  it('let a channel with a preorder policy sell a SKU that has no stock yet', async () => {
    await folder.sandbox.dropInboxFile('incoming-001.jsonl', incomingFileText([incoming('PO-8', 'CAP', 25)], 'jsonl'));
    const { events } = await folder.connector().changes.pull({});
    const expected = events.filter(
      (event): event is Extract<InventoryEvent, { kind: 'incoming-expected' }> => event.kind === 'incoming-expected',
    );
    const channel: Channel = ChannelSchema.parse({
      id: 'web',
      connection: 'wms',
      locations: ['wh-east'],
      policy: { preorder: { horizonDays: 14 } },
    });
    const shown = computeChannelQuantity({
      channel,
      sku: catalog.skus.get('CAP') ?? (undefined as never),
      locations: catalog.locations,
      skus: catalog.skus,
      sellableAt: () => 0,
      incomingAt: (sku, location) => expected.filter((event) => event.sku === sku && event.location === location),
      now,
    });
    expect(shown).toMatchObject({ quantity: 25, status: 'preorder' });
  });

  it('are their own stream: an adjust file arriving after an incoming file was read is still read, and a stored cursor resumes both', async () => {
    const connector = folder.connector();
    await folder.sandbox.dropInboxFile('incoming-001.csv', incomingFileText([incoming('PO-9', 'CAP', 5)]));
    const first = await connector.changes.pull({});
    expect(first.events.map((event) => event.kind)).toEqual(['incoming-expected']);

    // "adjust-…" sorts before "incoming-…": one shared name order would have skipped this file.
    const adjustment = { id: 'a-1', sku: 'CAP', location: 'WH1', change: 2, reason: 'found', occurred_at: recordedAt };
    await folder.sandbox.dropInboxFile('adjust-002.csv', adjustmentFileText([adjustment]));
    const stored = JSON.parse(JSON.stringify(first.cursor));
    const second = await folder.connector().changes.pull({ cursor: stored });
    expect(second.events.map((event) => event.idempotencyKey)).toEqual(['wms/a-1']);
    expect(second.cursor).toEqual({ file: 'adjust-002.csv', line: 2, incoming: { file: 'incoming-001.csv', line: 2 } });
    // A cursor stored before expected deliveries existed is still valid, and reads every incoming file.
    const legacy = await folder.connector().changes.pull({ cursor: { file: 'adjust-002.csv', line: 2 } });
    expect(legacy.events.map((event) => event.kind)).toEqual(['incoming-expected']);
  });

  it('report a negative quantity, a bad date or a repeated delivery line as item failures by line, keeping the rest', async () => {
    const rows = [incoming('PO-1', 'CAP', -1), { ...incoming('PO-2', 'CAP', 1), expected_at: 'next week' }];
    rows.push(incoming('PO-2', 'CAP', 4), incoming('PO-3', 'CAP', 2));
    await folder.sandbox.dropInboxFile('incoming-bad.csv', incomingFileText(rows));
    const page = await folder.connector().changes.pull({});
    expect(page.events).toEqual([expect.objectContaining({ incomingReference: 'PO-3', quantity: 2 })]);
    expect(page.failures.map((failure) => failure.error.name)).toEqual([
      'InvalidFileRowError',
      'InvalidFileRowError',
      'InvalidFileRowError',
    ]);
    const messages = page.failures.map((failure) => failure.error.message);
    expect(messages[0]).toMatch(/^inbox\/incoming-bad\.csv line 2: quantity -1 must not be negative\./);
    expect(messages[1]).toMatch(/^inbox\/incoming-bad\.csv line 3: expected_at "next week" is not an ISO-8601/);
    expect(messages[2]).toMatch(
      /^inbox\/incoming-bad\.csv line 4: reference "PO-2" for sku "CAP" at "WH1" already appears on line 3\./,
    );
    expect(await folder.sandbox.listFolder('rejected')).toEqual([]);
  });

  it('report an unmapped SKU or location as an item failure and keep the other rows', async () => {
    const rows = [incoming('PO-3', 'NOT-A-SKU', 1), { ...incoming('PO-3', 'CAP', 2), location: 'WH9' }];
    rows.push(incoming('PO-3', 'CAP', 6));
    await folder.sandbox.dropInboxFile('incoming-002.csv', incomingFileText(rows));
    const page = await folder.connector().changes.pull({});
    expect(page.events).toEqual([expect.objectContaining({ sku: 'CAP', quantity: 6 })]);
    expect(page.failures.map((failure) => [failure.where, failure.error.name])).toEqual([
      ['inbox/incoming-002.csv:2', 'UnmappedSkuError'],
      ['inbox/incoming-002.csv:3', 'UnmappedLocationError'],
    ]);
  });
});
