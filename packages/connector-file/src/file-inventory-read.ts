import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  type RemoteInventoryRecordV2,
  type SnapshotPageV2,
  type SnapshotRequestV2,
} from '@stockwire/connector-spec';
import { z } from 'zod';
import { InvalidFileCursorError, SnapshotFileChangedError } from './file-errors.ts';
import { folders } from './file-layout.ts';
import type { CsvDialect } from './file-settings.ts';
import type { ParsedItem } from './formats/parsed-file.ts';
import type { FileFormat } from './formats/read-table.ts';
import { parseSnapshotFile, type SnapshotRow } from './formats/snapshot-file.ts';
import { badLineFailure, locate, moveToProcessed, rejectFile, scanInbox } from './inbox.ts';
import { toRemoteRecord } from './map-file-rows.ts';
import type { FileReading, FileTransport, FileVersion, OpenFileSession } from './transport/file-transport.ts';

export interface SnapshotReaderDependencies {
  readonly transport: FileTransport;
  readonly mapping: ConnectionMappingV2;
  readonly pageSize: number;
  readonly dialect?: CsvDialect;
  /** How long an open snapshot waits for its next page before its file (and SFTP connection) is closed. */
  readonly idleMs?: number;
}

/**
 * The opaque `SnapshotRequestV2.cursor`: which file is being paged (by name and version) and how many of its rows
 * (good or bad) have been handed out. `size` is absent in cursors stored before it existed.
 */
const SnapshotCursorSchema = z.strictObject({
  file: z.string().min(1),
  row: z.number().int().min(0),
  modifiedAt: z.string().min(1),
  size: z.number().int().min(0).optional(),
});
type SnapshotCursor = z.infer<typeof SnapshotCursorSchema>;

type SnapshotItem = ParsedItem<SnapshotRow>;

/** A snapshot file being paged: one open read whose pages are taken as the runner asks for them. */
interface OpenSnapshot {
  readonly name: string;
  readonly path: string;
  readonly version: FileVersion;
  readonly opened: OpenFileSession;
  readonly reading: FileReading;
  readonly items: AsyncIterator<SnapshotItem>;
  /** The item after the last page, read to know whether there is a next page. */
  lookahead: IteratorResult<SnapshotItem> | undefined;
  /** Rows and bad lines handed out so far. */
  handedOut: number;
  /** The cursor the last page returned: a read with it continues this snapshot. */
  nextCursor: string | undefined;
  idleTimer: NodeJS.Timeout | undefined;
}

export interface SnapshotReader {
  read(request: SnapshotRequestV2): Promise<SnapshotPageV2>;
  /** Closes the snapshot being paged, if any. */
  close(): Promise<void>;
}

/** Long enough for the engine to apply a page between two reads; short enough not to hold an idle connection. */
const defaultIdleMs = 60_000;

/**
 * The snapshot is the newest readable `snapshot*` file in the inbox, paged by rows. It stays there (a crash
 * mid-way reads it again) until a newer one arrives; older snapshot files then move to processed/, and one that
 * cannot be read moves to rejected/ and the next newest is used.
 *
 * The file is read once per snapshot: the first page opens it, and each next page goes on parsing where the last
 * stopped (csv-parse streams it), on the same open file and SFTP connection. A cursor from elsewhere (a restarted
 * runner) reopens the file and skips the rows already handed out, if the file is still the version it names. Each
 * page checks that the file is still the version it started with, so two versions are never mixed.
 */
export function createSnapshotReader(dependencies: SnapshotReaderDependencies): SnapshotReader {
  const connection = dependencies.mapping.connection;
  let current: OpenSnapshot | undefined;
  // One read at a time: pages of one snapshot come in order from one reader.
  let queue: Promise<unknown> = Promise.resolve();

  const closeCurrent = async () => {
    const snapshot = current;
    current = undefined;
    if (snapshot !== undefined) await closeSnapshot(snapshot);
  };

  const read = async (request: SnapshotRequestV2): Promise<SnapshotPageV2> => {
    const failures: ItemFailureV2[] = [];
    if (request.cursor === undefined) {
      await closeCurrent();
      current = await openNewestSnapshot(dependencies, failures);
    } else if (current === undefined || current.nextCursor !== request.cursor) {
      const cursor = parseSnapshotCursor(request.cursor, connection);
      await closeCurrent();
      current = await reopenSnapshot(dependencies, cursor, failures);
    }
    if (current === undefined) return { records: [], failures };
    if (current.idleTimer !== undefined) clearTimeout(current.idleTimer);
    try {
      const page = await takePage(dependencies, current, failures);
      if (page.nextCursor === undefined) await closeCurrent();
      else armIdleTimer(current);
      return page;
    } catch (error) {
      await closeCurrent();
      throw error;
    }
  };

  const armIdleTimer = (snapshot: OpenSnapshot) => {
    snapshot.idleTimer = setTimeout(() => {
      if (current === snapshot) current = undefined;
      void closeSnapshot(snapshot);
    }, dependencies.idleMs ?? defaultIdleMs);
    // An abandoned snapshot must not keep the process alive.
    snapshot.idleTimer.unref();
  };

  return {
    read(request) {
      const page = queue.then(() => read(request));
      queue = page.catch(() => undefined);
      return page;
    },
    async close() {
      await queue;
      await closeCurrent();
    },
  };
}

async function openNewestSnapshot(
  dependencies: SnapshotReaderDependencies,
  failures: ItemFailureV2[],
): Promise<OpenSnapshot | undefined> {
  const connection = dependencies.mapping.connection;
  const opened = await dependencies.transport.openSession();
  try {
    const scan = await scanInbox(opened.session, connection);
    failures.push(...scan.failures);
    const snapshots = scan.files.filter((file) => file.kind === 'snapshot');
    for (let index = snapshots.length - 1; index >= 0; index--) {
      const file = snapshots[index];
      if (file === undefined) continue;
      const snapshot = await openSnapshotFile(dependencies, opened, file.name, file.format, failures);
      if (snapshot === undefined) continue;
      // Only now, with a readable newer snapshot in hand, are the older ones superseded.
      for (const older of snapshots.slice(0, index)) await moveToProcessed(opened.session, older.name);
      return snapshot;
    }
  } catch (error) {
    await opened.close();
    throw error;
  }
  await opened.close();
  return undefined;
}

async function reopenSnapshot(
  dependencies: SnapshotReaderDependencies,
  cursor: SnapshotCursor,
  failures: ItemFailureV2[],
): Promise<OpenSnapshot | undefined> {
  const connection = dependencies.mapping.connection;
  const path = `${folders.inbox}/${cursor.file}`;
  const format = cursor.file.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
  const opened = await dependencies.transport.openSession();
  let snapshot: OpenSnapshot | undefined;
  try {
    const version = await opened.session.version(path);
    if (version === undefined) {
      throw new InvalidFileCursorError({
        connection,
        problem:
          `the snapshot file ${path} it points into is gone (a newer snapshot superseded it, or it was moved by ` +
          'hand); read the snapshot again from its first page',
      });
    }
    if (!sameVersion(version, cursor)) {
      throw new InvalidFileCursorError({
        connection,
        problem:
          `the snapshot file ${path} was rewritten since the cursor was made (${describeVersion(cursor)} then, ` +
          `${describeVersion(version)} now); read the snapshot again from its first page`,
      });
    }
    snapshot = await openSnapshotFile(dependencies, opened, cursor.file, format, failures);
    if (snapshot === undefined) {
      await opened.close();
      return undefined;
    }
    // The rows before the cursor were handed out by an earlier reader (another process, or before a pause).
    while (snapshot.handedOut < cursor.row) {
      const next = snapshot.lookahead ?? (await snapshot.items.next());
      snapshot.lookahead = undefined;
      if (next.done) break;
      snapshot.handedOut++;
    }
    snapshot.nextCursor = JSON.stringify(cursor);
    return snapshot;
  } catch (error) {
    if (snapshot === undefined) await opened.close();
    else await closeSnapshot(snapshot);
    throw error;
  }
}

/**
 * Opens one snapshot file and reads up to its first item: a file whose header (or emptiness) makes it unreadable
 * is rejected here, before any page of it is handed out.
 */
async function openSnapshotFile(
  dependencies: SnapshotReaderDependencies,
  opened: OpenFileSession,
  name: string,
  format: FileFormat,
  failures: ItemFailureV2[],
): Promise<OpenSnapshot | undefined> {
  const path = `${folders.inbox}/${name}`;
  const reading = await opened.session.openRead(path);
  if (reading === undefined) return undefined;
  const items = parseSnapshotFile(reading.chunks, format, dependencies.dialect)[Symbol.asyncIterator]();
  let first: IteratorResult<SnapshotItem>;
  try {
    first = await items.next();
  } catch (error) {
    await items.return?.(undefined).catch(() => undefined);
    await reading.close();
    throw error;
  }
  if (!first.done && first.value.kind === 'file-problems') {
    await items.return?.(undefined).catch(() => undefined);
    await reading.close();
    const connection = dependencies.mapping.connection;
    failures.push(await rejectFile(opened.session, name, first.value.problems, connection));
    return undefined;
  }
  const version = { modifiedAt: reading.modifiedAt, size: reading.size };
  return {
    name,
    path,
    version,
    opened,
    reading,
    items,
    lookahead: first,
    handedOut: 0,
    nextCursor: undefined,
    idleTimer: undefined,
  };
}

async function takePage(
  dependencies: SnapshotReaderDependencies,
  snapshot: OpenSnapshot,
  failures: ItemFailureV2[],
): Promise<SnapshotPageV2> {
  const { mapping } = dependencies;
  const records: RemoteInventoryRecordV2[] = [];
  const next = async () => {
    const item = snapshot.lookahead ?? (await snapshot.items.next());
    snapshot.lookahead = undefined;
    return item;
  };
  for (let taken = 0; taken < dependencies.pageSize; taken++) {
    const item = await next();
    if (item.done) break;
    snapshot.handedOut++;
    const value = item.value;
    if (value.kind === 'row') {
      const { row } = value;
      const result = captureItemFailure(locate(snapshot.path, row.line), () =>
        toRemoteRecord(row, snapshot.path, snapshot.version.modifiedAt, mapping),
      );
      if ('failure' in result) failures.push(result.failure);
      else records.push(result.value);
    } else {
      const line = value.kind === 'bad-line' ? value.line : (value.problems[0]?.line ?? 0);
      failures.push(badLineFailure(snapshot.path, line, value.problems, mapping.connection));
    }
  }
  snapshot.lookahead = await next();
  // Before a page is handed out: the file must still be the version its first page came from.
  const now = await snapshot.opened.session.version(snapshot.path);
  if (now === undefined || !sameVersion(now, snapshot.version)) {
    throw new SnapshotFileChangedError({
      connection: mapping.connection,
      file: snapshot.path,
      before: describeVersion(snapshot.version),
      now: now === undefined ? 'gone' : describeVersion(now),
    });
  }
  if (snapshot.lookahead.done) return { records, failures };
  const cursor: SnapshotCursor = {
    file: snapshot.name,
    row: snapshot.handedOut,
    modifiedAt: snapshot.version.modifiedAt,
    size: snapshot.version.size,
  };
  snapshot.nextCursor = JSON.stringify(cursor);
  return { records, failures, nextCursor: snapshot.nextCursor };
}

async function closeSnapshot(snapshot: OpenSnapshot): Promise<void> {
  if (snapshot.idleTimer !== undefined) clearTimeout(snapshot.idleTimer);
  await snapshot.items.return?.(undefined).catch(() => undefined);
  await snapshot.reading.close().catch(() => undefined);
  await snapshot.opened.close().catch(() => undefined);
}

function sameVersion(now: FileVersion, then: { modifiedAt: string; size?: number | undefined }): boolean {
  return now.modifiedAt === then.modifiedAt && (then.size === undefined || now.size === then.size);
}

function describeVersion(version: { modifiedAt: string; size?: number | undefined }): string {
  return version.size === undefined
    ? `modified ${version.modifiedAt}`
    : `${version.size} bytes modified ${version.modifiedAt}`;
}

function parseSnapshotCursor(cursor: string, connection: string): SnapshotCursor {
  let value: unknown;
  try {
    value = JSON.parse(cursor);
  } catch {
    value = undefined;
  }
  const parsed = SnapshotCursorSchema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidFileCursorError({
      connection,
      problem: `the snapshot cursor ${JSON.stringify(cursor)} was not made by the file connector; read the snapshot from its first page`,
    });
  }
  return parsed.data;
}
