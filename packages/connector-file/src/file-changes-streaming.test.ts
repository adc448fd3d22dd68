import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnectionMapping } from '@stockwire/connector-kit';
import type { PollPageV2 } from '@stockwire/connector-spec';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FileChangesCursor } from './file-changes.ts';
import { createFileConnectorOver, type FileConnector } from './file-connector.ts';
import { createFileSandbox, type FileSandbox } from './sandbox/file-sandbox.ts';
import { type AdjustmentFileRow, adjustmentFileText } from './sandbox/inventory-files.ts';
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
    // One opening per page: each page reads from the file's start to its own end, and closes the file again.
    expect(counts.reads.get(adjustPath)).toBe(10);
  });
});
