import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnectionMapping } from '@stockwire/connector-kit';
import type { PollPageV2 } from '@stockwire/connector-spec';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FileChangesCursor } from './file-changes.ts';
import { createFileConnectorOver, type FileConnector } from './file-connector.ts';
import { createFileSandbox, type FileSandbox } from './sandbox/file-sandbox.ts';
import { type AdjustmentFileRow, adjustmentFileText, incomingFileText } from './sandbox/inventory-files.ts';
import { countingTransport, type TransportCounts } from './test-support/counting-transport.ts';
import { catalog, connection } from './test-support/folder-connection.ts';
import { type TransportUnderTest, transportsUnderTest } from './test-support/transports-under-test.ts';
import { createFileTransport } from './transport/create-file-transport.ts';

const mapping = createConnectionMapping(catalog, connection);
const adjustPath = 'inbox/adjust-1.csv';

/** `count` adjustments of CAP at WH1, ids a1…, on lines 2… (line 1 is the header). */
function adjustments(count: number): AdjustmentFileRow[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `a${index + 1}`,
    sku: 'CAP',
    location: 'WH1',
    change: 1 + (index % 9),
    reason: 'correction',
    occurred_at: '2026-11-27T09:00:00Z',
  }));
}

// The bound of #14: a poll holds one page of an inbox file, not the file. Asserted as what was read from the file
// (bytes the transport handed over), never as memory.
describe.each(transportsUnderTest)('polling a large adjustments file over $name', (under) => {
  let root: string;
  let sandbox: FileSandbox;
  let started: Awaited<ReturnType<TransportUnderTest['start']>>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'stockwire-file-changes-stream-'));
    sandbox = createFileSandbox(root);
    started = await under.start(root);
  }, 30_000);
  afterAll(async () => {
    await started?.stop();
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await sandbox.reset();
    await sandbox.layOut();
  });

  const connector = (pageSize: number): { connector: FileConnector; counts: TransportCounts } => {
    const settings = { transport: started.transport, pageSize };
    const real = createFileTransport(
      settings.transport.kind === 'folder'
        ? settings.transport
        : { port: 22, path: '.', connectTimeoutMs: 10_000, ...settings.transport },
      connection,
      started.environment,
    );
    const { transport, counts } = countingTransport(real);
    return {
      connector: createFileConnectorOver(transport, settings, { mapping, environment: started.environment }),
      counts,
    };
  };

  it('reads a page only as far into the file as its rows reach: the first page of 100 leaves most of a 20,000-row file unread', async () => {
    const text = adjustmentFileText(adjustments(20_000));
    await sandbox.dropInboxFile('adjust-1.csv', text);
    const { connector: poller, counts } = connector(100);

    const page = await poller.changes.pull({});

    expect(page.events.map((event) => event.idempotencyKey)).toEqual(
      adjustments(100).map((row) => `${connection}/${row.id}`),
    );
    expect(page).toMatchObject({ cursor: { file: 'adjust-1.csv', line: 101 }, hasMore: true });
    // The parser reads ahead by a few chunks (64 KiB each), not to the end of a file of almost a megabyte.
    const size = Buffer.byteLength(text);
    expect(size).toBeGreaterThan(900_000);
    expect(counts.bytes.get(adjustPath)).toBeLessThan(size / 4);
  });

  it('hands out every row exactly once across pages that each stop early, and still finds an id repeated from an earlier page', async () => {
    const rows = adjustments(1_000);
    // Line 901 repeats the id of line 11, which went out nine pages earlier.
    rows[899] = { ...(rows[899] as AdjustmentFileRow), id: 'a10' };
    await sandbox.dropInboxFile('adjust-1.csv', adjustmentFileText(rows));
    const { connector: poller, counts } = connector(100);

    const pages: PollPageV2<FileChangesCursor>[] = [];
    let cursor: FileChangesCursor | undefined;
    do {
      const page = await poller.changes.pull({ cursor });
      pages.push(page);
      cursor = page.cursor;
    } while (pages.at(-1)?.hasMore === true);

    expect(pages).toHaveLength(10);
    const keys = pages.flatMap((page) => page.events.map((event) => event.idempotencyKey));
    expect(keys).toEqual(rows.filter((_, index) => index !== 899).map((row) => `${connection}/${row.id}`));
    expect(pages.flatMap((page) => page.failures.map((failure) => failure.where))).toEqual([`${adjustPath}:901`]);
    expect(pages[8]?.failures[0]?.error.message).toContain('id "a10" is already used on line 11');
    expect(pages.at(-1)?.cursor).toEqual({ file: 'adjust-1.csv', line: 1_001 });
    // One opening for all ten pages: each next page goes on from where the last stopped, on the file left open.
    expect(counts.reads.get(adjustPath)).toBe(1);
  });

  it('does not read the first page again for the second: ten pages of a 20,000-row file read it about once', async () => {
    const text = adjustmentFileText(adjustments(20_000));
    await sandbox.dropInboxFile('adjust-1.csv', text);
    const { connector: poller, counts } = connector(2_000);

    const keys: string[] = [];
    let cursor: FileChangesCursor | undefined;
    let bytesAfterFirstPage = 0;
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await poller.changes.pull({ cursor });
      keys.push(...page.events.map((event) => event.idempotencyKey));
      cursor = page.cursor;
      if (pageNumber === 1) bytesAfterFirstPage = counts.bytes.get(adjustPath) ?? 0;
      if (pageNumber === 2) {
        // Reading the second page from line 1 would hand over the first page's bytes again (over a tenth of the file).
        const secondPageBytes = (counts.bytes.get(adjustPath) ?? 0) - bytesAfterFirstPage;
        expect(secondPageBytes).toBeLessThan(Buffer.byteLength(text) / 5);
        expect(counts.reads.get(adjustPath)).toBe(1);
      }
      if (!page.hasMore) break;
    }

    expect(keys).toEqual(adjustments(20_000).map((row) => `${connection}/${row.id}`));
    expect(counts.reads.get(adjustPath)).toBe(1);
    // Read from line 1 on every page, the ten pages would hand over 5.5 times the file.
    expect(counts.bytes.get(adjustPath)).toBeLessThanOrEqual(Buffer.byteLength(text));
    await poller.close?.();
  });

  it('keeps the adjustments file open when a full page also peeked at an incoming file, and hands out both once', async () => {
    await sandbox.dropInboxFile('adjust-1.csv', adjustmentFileText(adjustments(250)));
    const deliveries = Array.from({ length: 50 }, (_, index) => ({
      reference: `PO-${index + 1}`,
      sku: 'CAP',
      location: 'WH1',
      quantity: 5,
      expected_at: '2099-01-01T00:00:00Z',
      occurred_at: '2026-11-27T09:00:00Z',
    }));
    await sandbox.dropInboxFile('incoming-1.csv', incomingFileText(deliveries));
    const { connector: poller, counts } = connector(100);

    const kinds: string[] = [];
    let cursor: FileChangesCursor | undefined;
    let pages = 0;
    do {
      const page = await poller.changes.pull({ cursor });
      kinds.push(...page.events.map((event) => event.kind));
      cursor = page.cursor;
      pages++;
      if (!page.hasMore) break;
    } while (pages < 10);

    expect(pages).toBe(3);
    expect(kinds.filter((kind) => kind === 'incoming-expected')).toHaveLength(50);
    expect(kinds.slice(0, 250).every((kind) => kind !== 'incoming-expected')).toBe(true);
    expect(counts.reads.get(adjustPath)).toBe(1);
    await poller.close?.();
  });

  it('reads a file from its start again for a cursor the open file does not continue, and still finds a repeated id', async () => {
    const rows = adjustments(300);
    rows[249] = { ...(rows[249] as AdjustmentFileRow), id: 'a5' };
    await sandbox.dropInboxFile('adjust-1.csv', adjustmentFileText(rows));
    const first = connector(100);
    const firstPage = await first.connector.changes.pull({});
    await first.connector.close?.();

    // Another runner (a restart) continues from the stored cursor with no file open, then a page is read twice.
    const second = connector(100);
    const secondPage = await second.connector.changes.pull({ cursor: firstPage.cursor });
    const again = await second.connector.changes.pull({ cursor: firstPage.cursor });
    const thirdPage = await second.connector.changes.pull({ cursor: secondPage.cursor });

    expect(secondPage.events.map((event) => event.idempotencyKey)).toEqual(
      rows.slice(100, 200).map((row) => `${connection}/${row.id}`),
    );
    expect(again).toEqual(secondPage);
    expect(thirdPage.failures.map((failure) => failure.where)).toEqual([`${adjustPath}:251`]);
    expect(thirdPage.failures[0]?.error.message).toContain('id "a5" is already used on line 6');
    expect(thirdPage).toMatchObject({ cursor: { file: 'adjust-1.csv', line: 301 }, hasMore: false });
    // Opened afresh for the restart and for the page read again; continued on the open file for the third page.
    expect(second.counts.reads.get(adjustPath)).toBe(2);
    await second.connector.close?.();
  });

  it('reads a file rewritten between two pages from its start, as the new version it is', async () => {
    await sandbox.dropInboxFile('adjust-1.csv', adjustmentFileText(adjustments(200)));
    const { connector: poller, counts } = connector(100);
    const firstPage = await poller.changes.pull({});
    const rewritten = adjustments(300).map((row) => ({ ...row, id: `b${row.id}` }));
    await sandbox.dropInboxFile('adjust-1.csv', adjustmentFileText(rewritten));

    const secondPage = await poller.changes.pull({ cursor: firstPage.cursor });

    expect(secondPage.events.map((event) => event.idempotencyKey)).toEqual(
      rewritten.slice(100, 200).map((row) => `${connection}/${row.id}`),
    );
    expect(counts.reads.get(adjustPath)).toBe(2);
    await poller.close?.();
  });
});
