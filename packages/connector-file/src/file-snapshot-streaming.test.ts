import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnectionMapping } from '@stockwire/connector-kit';
import type { SnapshotPageV2 } from '@stockwire/connector-spec';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileConnectorOver, type FileConnector } from './file-connector.ts';
import { InvalidFileCursorError, SnapshotFileChangedError } from './file-errors.ts';
import { createFileSandbox, type FileSandbox } from './sandbox/file-sandbox.ts';
import { type SnapshotFileRow, snapshotFileText } from './sandbox/inventory-files.ts';
import { countingTransport, type TransportCounts } from './test-support/counting-transport.ts';
import { catalog, connection } from './test-support/folder-connection.ts';
import { type TransportUnderTest, transportsUnderTest } from './test-support/transports-under-test.ts';
import { createFileTransport } from './transport/create-file-transport.ts';

const mapping = createConnectionMapping(catalog, connection);
const snapshotPath = 'inbox/snapshot-1.csv';

/** `count` rows, each on its own line: mapped rows and unmapped SKUs alternate, so records and failures interleave. */
function manyRows(count: number, onHand = 1): SnapshotFileRow[] {
  return Array.from({ length: count }, (_, index) => ({
    sku: index % 7 === 0 ? 'CAP' : `ERP-${index}`,
    location: index % 7 === 0 ? (index % 2 === 0 ? 'WH1' : 'WH2') : 'WH1',
    on_hand: onHand,
  })).filter(
    (row, index, rows) => rows.findIndex((other) => other.sku === row.sku && other.location === row.location) === index,
  );
}

/** The file line each record or failure came from, in the order the pages handed them out. */
function linesOf(pages: readonly SnapshotPageV2[]): number[] {
  return pages
    .flatMap((page) => [
      ...page.records.map((record) => (record.raw as { line: number }).line),
      ...page.failures.map((failure) => Number(failure.where.split(':').at(-1))),
    ])
    .sort((left, right) => left - right);
}

async function readAllPages(connector: FileConnector, cursor?: string): Promise<SnapshotPageV2[]> {
  const pages: SnapshotPageV2[] = [];
  let next = cursor;
  do {
    const page = await connector.snapshot.read({ cursor: next });
    pages.push(page);
    next = page.nextCursor;
  } while (next !== undefined);
  return pages;
}

describe.each(transportsUnderTest)('a paged snapshot over $name', (under) => {
  let root: string;
  let sandbox: FileSandbox;
  let started: Awaited<ReturnType<TransportUnderTest['start']>>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'stockwire-file-stream-'));
    sandbox = createFileSandbox(root);
    started = await under.start(root);
  }, 30_000);
  afterAll(async () => {
    await started?.stop();
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(async () => await sandbox.reset());

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

  it('reads the file once for every page of it, over one session, handing out each line exactly once', async () => {
    const rows = manyRows(3_000);
    await sandbox.dropInboxFile('snapshot-1.csv', snapshotFileText(rows));
    const { connector: reader, counts } = connector(400);

    const pages = await readAllPages(reader);

    expect(pages.length).toBe(Math.ceil(rows.length / 400));
    expect(linesOf(pages)).toEqual(rows.map((_, index) => index + 2));
    expect(pages.flatMap((page) => page.records.map((record) => record.sku))).toEqual(
      rows.filter((row) => row.sku === 'CAP').map(() => 'CAP'),
    );
    expect(counts.reads.get(snapshotPath)).toBe(1);
    expect(counts.sessions).toBe(1);
    await reader.close?.();
  });

  it('resumes from a stored cursor in a new connector (a restarted runner) without repeating or skipping a line', async () => {
    const rows = manyRows(50);
    await sandbox.dropInboxFile('snapshot-1.csv', snapshotFileText(rows));
    const first = connector(20);
    const page = await first.connector.snapshot.read({});
    await first.connector.close?.();

    const restarted = connector(20);
    const rest = await readAllPages(restarted.connector, JSON.parse(JSON.stringify(page.nextCursor)));
    expect(linesOf([page, ...rest])).toEqual(rows.map((_, index) => index + 2));
    expect(restarted.counts.reads.get(snapshotPath)).toBe(1);
  });

  it('stops with a retryable typed error when the file is rewritten mid-snapshot, and never mixes the versions', async () => {
    await sandbox.dropInboxFile('snapshot-1.csv', snapshotFileText(manyRows(60, 1)));
    const { connector: reader } = connector(10);
    const first = await reader.snapshot.read({});
    expect(first.records.every((record) => record.quantities.onHand === 1)).toBe(true);

    // The sender overwrites the file in place (no temporary name): same path, other content.
    await writeFile(join(root, snapshotPath), snapshotFileText(manyRows(60, 20)));
    const changed = await reader.snapshot.read({ cursor: first.nextCursor }).catch((error: unknown) => error);
    expect(SnapshotFileChangedError.isInstance(changed)).toBe(true);
    expect((changed as SnapshotFileChangedError).retryable).toBe(true);
    expect((changed as Error).message).toContain(`the snapshot file ${snapshotPath} of connection "wms" changed while`);

    // The runner's retry resumes from its stored cursor: refused for good, so the runner reads from the first page.
    await expect(reader.snapshot.read({ cursor: first.nextCursor })).rejects.toSatisfy(
      InvalidFileCursorError.isInstance,
    );
    const again = await readAllPages(reader);
    const quantities = new Set(again.flatMap((page) => page.records.map((record) => record.quantities.onHand)));
    expect([...quantities]).toEqual([20]);
  });

  it('notices a rewrite of the same size by its modification time', async () => {
    await sandbox.dropInboxFile('snapshot-1.csv', snapshotFileText(manyRows(30, 1)));
    const { connector: reader } = connector(10);
    const first = await reader.snapshot.read({});
    await writeFile(join(root, snapshotPath), snapshotFileText(manyRows(30, 2)));
    // SFTP carries whole seconds: move the time well away from the original one.
    const later = new Date(Date.now() + 120_000);
    await utimes(join(root, snapshotPath), later, later);
    await expect(reader.snapshot.read({ cursor: first.nextCursor })).rejects.toSatisfy(
      SnapshotFileChangedError.isInstance,
    );
  });
});
