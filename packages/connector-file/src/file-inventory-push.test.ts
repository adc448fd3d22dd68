import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PushItemV2 } from '@stockwire/connector-spec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFolderConnection, type FolderConnection } from './test-support/folder-connection.ts';

let folder: FolderConnection;
beforeEach(async () => {
  folder = await createFolderConnection();
});
afterEach(async () => await folder.dispose());

const item = (sku: string, quantity: number, extra: Partial<PushItemV2> = {}): PushItemV2 => ({
  key: `web/${sku}`,
  channel: 'web',
  sku,
  location: 'wh-east',
  quantity,
  status: quantity > 0 ? 'in-stock' : 'out-of-stock',
  ...extra,
});

describe('pushQuantities over a folder', () => {
  it('exports absolute quantities in the connection names, and never rewrites a value that did not change', async () => {
    const connector = folder.connector();
    const items = [item('TSHIRT-M', 7), item('CAP', 0, { location: undefined })];

    const first = await connector.push.push({ items, idempotencyKey: 'push-1' });
    expect(first.results).toEqual([
      { key: 'web/TSHIRT-M', outcome: 'written', remoteQuantity: 7 },
      { key: 'web/CAP', outcome: 'written', remoteQuantity: 0 },
    ]);
    const [exported] = await folder.sandbox.listFolder('outbox');
    expect(exported).toMatch(/^availability-\d{8}T\d{9}Z-[0-9a-f]{8}\.csv$/);
    expect(await folder.sandbox.readText(`outbox/${exported}`)).toBe(
      'channel,sku,location,quantity,status\nweb,ERP-1001,WH1,7,in-stock\nweb,CAP,,0,out-of-stock\n',
    );

    const again = await folder.connector().push.push({ items, idempotencyKey: 'push-1' });
    expect(again.results.map((result) => result.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(await folder.sandbox.listFolder('outbox')).toEqual([exported]);

    const changed = await connector.push.push({
      items: [item('TSHIRT-M', 5), items[1] as PushItemV2],
      idempotencyKey: 'push-2',
    });
    expect(changed.results.map((result) => result.outcome)).toEqual(['written', 'unchanged']);
    const exports = await folder.sandbox.readExports();
    expect(exports).toHaveLength(2);
    expect(exports[1]?.rows).toEqual([
      { channel: 'web', sku: 'ERP-1001', location: 'WH1', quantity: 5, status: 'in-stock' },
    ]);
    // Every write went through a temporary name; only the exports and the state file are left.
    expect(await folder.sandbox.listFolder('outbox', { hidden: true })).toEqual([
      '.stockwire-last-export.json',
      ...exports.map((file) => file.name),
    ]);
  });

  it('fails only the items it cannot export, and writes nothing when none can be', async () => {
    const connector = folder.connector();
    const unexportable = item('CAP', 3, { location: 'store-1' });
    const nothing = await connector.push.push({ items: [unexportable], idempotencyKey: 'push-3' });
    expect(nothing.requestsMade).toBe(0);
    expect(await folder.sandbox.listFolder('outbox', { hidden: true })).toEqual([]);

    const result = await connector.push.push({
      items: [unexportable, item('MUG', -1), item('TSHIRT-M', 2)],
      idempotencyKey: 'push-4',
    });
    expect(
      result.results.map((entry) => [entry.key, entry.outcome, entry.outcome === 'failed' && entry.error.name]),
    ).toEqual([
      ['web/CAP', 'failed', 'UnmappedLocationError'],
      ['web/MUG', 'failed', 'PermanentItemError'],
      ['web/TSHIRT-M', 'written', false],
    ]);
    expect((await folder.sandbox.publishedAvailability()).map((row) => row.sku)).toEqual(['ERP-1001']);
  });

  it('treats an unreadable state file as "nothing exported yet" and writes everything again', async () => {
    await writeFile(join(folder.root, 'outbox/.stockwire-last-export.json'), '{ not json');
    const result = await folder.connector().push.push({ items: [item('CAP', 1)], idempotencyKey: 'push-4' });
    expect(result.results[0]?.outcome).toBe('written');
    const repeat = await folder.connector().push.push({ items: [item('CAP', 1)], idempotencyKey: 'push-4' });
    expect(repeat.results[0]?.outcome).toBe('unchanged');
  });
});
