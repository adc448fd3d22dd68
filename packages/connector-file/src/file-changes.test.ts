import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileChangesCursorSchema } from './file-changes.ts';
import { InvalidFileCursorError } from './file-errors.ts';
import { type AdjustmentFileRow, adjustmentFileText } from './sandbox/inventory-files.ts';
import { createFolderConnection, type FolderConnection } from './test-support/folder-connection.ts';

let folder: FolderConnection;
beforeEach(async () => {
  folder = await createFolderConnection();
});
afterEach(async () => await folder.dispose());

const at = '2026-11-27T09:00:00Z';
const row = (id: string, sku: string, change: number | string, location = 'WH1'): AdjustmentFileRow => ({
  id,
  sku,
  location,
  change,
  reason: 'correction',
  occurred_at: at,
});

describe('pullChanges over a folder', () => {
  it('reads adjustment files in name order, a page at a time, and moves a file away only once a stored cursor has passed it', async () => {
    await folder.sandbox.dropInboxFile(
      'adjust-002.csv',
      adjustmentFileText([row('b1', 'CAP', 1), row('b2', 'MUG', -2)]),
    );
    await folder.sandbox.dropInboxFile('adjust-001.jsonl', adjustmentFileText([row('a1', 'ERP-1001', 4)], 'jsonl'));
    const connector = folder.connector();

    const first = await connector.changes.pull({ limit: 2 });
    expect(first.events).toEqual([
      {
        kind: 'adjustment',
        idempotencyKey: 'wms/a1',
        source: 'wms',
        occurredAt: at,
        sku: 'TSHIRT-M',
        location: 'wh-east',
        change: 4,
        reason: 'correction',
        raw: { file: 'inbox/adjust-001.jsonl', line: 1, ...row('a1', 'ERP-1001', 4) },
      },
      expect.objectContaining({ idempotencyKey: 'wms/b1', sku: 'CAP', change: 1 }),
    ]);
    expect(first).toMatchObject({ cursor: { file: 'adjust-002.csv', line: 2 }, hasMore: true });
    // The runner has not stored the cursor yet: a crash now must find every file where it was.
    expect(await folder.sandbox.listFolder('inbox')).toEqual(['adjust-001.jsonl', 'adjust-002.csv']);

    const second = await connector.changes.pull({ cursor: first.cursor, limit: 2 });
    // Mugs are counted in cases of 6 by this connection.
    expect(second.events.map((event) => [event.idempotencyKey, event.kind === 'adjustment' && event.change])).toEqual([
      ['wms/b2', -12],
    ]);
    expect(second).toMatchObject({ cursor: { file: 'adjust-002.csv', line: 3 }, hasMore: false, failures: [] });
    expect(await folder.sandbox.listFolder('processed')).toEqual(['adjust-001.jsonl']);

    const idle = await connector.changes.pull({ cursor: second.cursor });
    expect(idle).toEqual({ events: [], failures: [], cursor: second.cursor, hasMore: false });
  });

  it('makes a bad row an item failure in its place, applies the other rows and reads the files after it', async () => {
    const lines = [row('a1', 'CAP', 1), row('a2', 'CAP', 'abc'), row('a3', 'CAP', 2)];
    await folder.sandbox.dropInboxFile('adjust-2026-11-27.csv', adjustmentFileText(lines));
    await folder.sandbox.dropInboxFile('adjust-2026-11-28.csv', adjustmentFileText([row('b1', 'CAP', 5)]));
    const page = await folder.connector({ pageSize: 2 }).changes.pull({});

    // The bad row takes its place on the page, so the cursor never skips or repeats a line.
    expect(page.events.map((event) => event.idempotencyKey)).toEqual(['wms/a1']);
    expect(page.failures.map((failure) => [failure.where, failure.error.name])).toEqual([
      ['inbox/adjust-2026-11-27.csv:3', 'InvalidFileRowError'],
    ]);
    expect(page.failures[0]?.error.message).toMatch(
      /^inbox\/adjust-2026-11-27\.csv line 3: change "abc" is not a whole number\./,
    );
    expect(page.cursor).toEqual({ file: 'adjust-2026-11-27.csv', line: 3 });
    const next = await folder.connector({ pageSize: 2 }).changes.pull({ cursor: page.cursor });
    expect(next.events.map((event) => event.idempotencyKey)).toEqual(['wms/a3', 'wms/b1']);
    expect(next.failures).toEqual([]);
    expect(await folder.sandbox.listFolder('rejected')).toEqual([]);
  });

  it('rejects a file whose header cannot be read whole, and reads the files after it', async () => {
    await folder.sandbox.dropInboxFile('adjust-2026-11-27.csv', 'id,sku,location,change\na1,CAP,WH1,1\n');
    await folder.sandbox.dropInboxFile('adjust-2026-11-28.csv', adjustmentFileText([row('b1', 'CAP', 5)]));
    const page = await folder.connector().changes.pull({});

    expect(page.events.map((event) => event.idempotencyKey)).toEqual(['wms/b1']);
    expect(page.failures.map((failure) => [failure.where, failure.error.name])).toEqual([
      ['inbox/adjust-2026-11-27.csv:1', 'MalformedPayloadError'],
    ]);
    expect(await folder.sandbox.readText('rejected/adjust-2026-11-27.csv.reason.txt')).toContain(
      'inbox/adjust-2026-11-27.csv:1: the header has no "reason" column\n',
    );

    // The sender fixes the file and drops it again under the same name: it is read from its first line.
    await folder.sandbox.dropInboxFile('adjust-2026-11-27.csv', adjustmentFileText([row('a1', 'CAP', 1)]));
    const again = await folder.connector().changes.pull({ cursor: { file: 'adjust-2026-11-27.csv', line: 0 } });
    expect(again.events.map((event) => event.idempotencyKey)).toEqual(['wms/a1', 'wms/b1']);
  });

  it('turns unmapped SKUs and locations into failures for their rows and applies the rest of the file', async () => {
    const lines = [row('a1', 'ERP-404', 1), row('a2', 'CAP', 1, 'WH9'), row('a3', 'CAP', 1)];
    await folder.sandbox.dropInboxFile('adjust-1.csv', adjustmentFileText(lines));
    const page = await folder.connector().changes.pull({});
    expect(page.events.map((event) => event.idempotencyKey)).toEqual(['wms/a3']);
    expect(page.failures.map((failure) => [failure.where, failure.error.name])).toEqual([
      ['inbox/adjust-1.csv:2', 'UnmappedSkuError'],
      ['inbox/adjust-1.csv:3', 'UnmappedLocationError'],
    ]);
    expect(page.cursor).toEqual({ file: 'adjust-1.csv', line: 4 });
  });

  it('refuses a stored cursor that is not one of its own, before touching any file', async () => {
    await folder.sandbox.dropInboxFile('adjust-1.csv', adjustmentFileText([row('a1', 'CAP', 1)]));
    const invalid = { file: 'adjust-1.csv', offset: 3 } as never;
    await expect(folder.connector().changes.pull({ cursor: invalid })).rejects.toSatisfy(
      InvalidFileCursorError.isInstance,
    );
    await expect(folder.connector().changes.pull({ cursor: invalid })).rejects.toThrow(
      /cursor .* Clear the stored cursor/,
    );
    expect(FileChangesCursorSchema.safeParse({ file: 'adjust-1.csv', line: -1 }).success).toBe(false);
    expect(await folder.sandbox.listFolder('inbox')).toEqual(['adjust-1.csv']);
  });
});
