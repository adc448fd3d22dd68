import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  type RemoteInventoryRecordV2,
  type SnapshotPageV2,
  type SnapshotRequestV2,
} from '@stockwire/connector-spec';
import { z } from 'zod';
import { InvalidFileCursorError } from './file-errors.ts';
import { folders } from './file-layout.ts';
import { type ParsedSnapshotFile, parseSnapshotFile } from './formats/snapshot-file.ts';
import { type InboxFile, locate, moveToProcessed, rejectFile, scanInbox } from './inbox.ts';
import { toRemoteRecord } from './map-file-rows.ts';
import type { FileSession, FileTransport } from './transport/file-transport.ts';

export interface SnapshotReaderDependencies {
  readonly transport: FileTransport;
  readonly mapping: ConnectionMappingV2;
  readonly pageSize: number;
}

/** The opaque `SnapshotRequestV2.cursor`: which file is being paged, and the next row. */
const SnapshotCursorSchema = z.strictObject({
  file: z.string().min(1),
  row: z.number().int().min(0),
  modifiedAt: z.string().min(1),
});
type SnapshotCursor = z.infer<typeof SnapshotCursorSchema>;

interface ChosenSnapshot {
  readonly name: string;
  readonly modifiedAt: string;
  readonly parsed: ParsedSnapshotFile;
}

/**
 * The snapshot is the newest readable `snapshot*` file in the inbox, paged by rows. It stays there (a crash
 * mid-way reads it again) until a newer one arrives; older snapshot files then move to processed/, and one that
 * cannot be read moves to rejected/ and the next newest is used.
 */
export async function readFileSnapshot(
  dependencies: SnapshotReaderDependencies,
  request: SnapshotRequestV2,
): Promise<SnapshotPageV2> {
  const { mapping, pageSize } = dependencies;
  const connection = mapping.connection;
  return await dependencies.transport.withSession(async (session) => {
    const failures: ItemFailureV2[] = [];
    let chosen: ChosenSnapshot | undefined;
    let start = 0;
    if (request.cursor === undefined) {
      chosen = await chooseNewestSnapshot(session, connection, failures);
    } else {
      const cursor = parseSnapshotCursor(request.cursor, connection);
      chosen = await reopenSnapshot(session, cursor, connection, failures);
      start = cursor.row;
    }
    if (chosen === undefined) return { records: [], failures };
    const path = `${folders.inbox}/${chosen.name}`;
    const records: RemoteInventoryRecordV2[] = [];
    for (const row of chosen.parsed.rows.slice(start, start + pageSize)) {
      const result = captureItemFailure(locate(path, row.line), () =>
        toRemoteRecord(row, path, chosen.modifiedAt, mapping),
      );
      if ('failure' in result) failures.push(result.failure);
      else records.push(result.value);
    }
    const next = start + pageSize;
    if (next >= chosen.parsed.rows.length) return { records, failures };
    const nextCursor: SnapshotCursor = { file: chosen.name, row: next, modifiedAt: chosen.modifiedAt };
    return { records, failures, nextCursor: JSON.stringify(nextCursor) };
  });
}

async function chooseNewestSnapshot(
  session: FileSession,
  connection: string,
  failures: ItemFailureV2[],
): Promise<ChosenSnapshot | undefined> {
  const scan = await scanInbox(session, connection);
  failures.push(...scan.failures);
  const snapshots = scan.files.filter((file) => file.kind === 'snapshot');
  for (let index = snapshots.length - 1; index >= 0; index--) {
    const file = snapshots[index] as InboxFile;
    const text = await session.readText(file.path);
    if (text === undefined) continue;
    const parsed = parseSnapshotFile(text, file.format);
    if (parsed.problems.length > 0) {
      failures.push(await rejectFile(session, file.name, parsed.problems, connection));
      continue;
    }
    // Only now, with a readable newer snapshot in hand, are the older ones superseded.
    for (const older of snapshots.slice(0, index)) await moveToProcessed(session, older.name);
    return { name: file.name, modifiedAt: file.modifiedAt, parsed };
  }
  return undefined;
}

async function reopenSnapshot(
  session: FileSession,
  cursor: SnapshotCursor,
  connection: string,
  failures: ItemFailureV2[],
): Promise<ChosenSnapshot | undefined> {
  const path = `${folders.inbox}/${cursor.file}`;
  const text = await session.readText(path);
  if (text === undefined) {
    throw new InvalidFileCursorError({
      connection,
      problem:
        `the snapshot file ${path} it points into is gone (a newer snapshot superseded it, or it was moved by ` +
        'hand); read the snapshot again from its first page',
    });
  }
  const format = cursor.file.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
  const parsed = parseSnapshotFile(text, format);
  if (parsed.problems.length === 0) return { name: cursor.file, modifiedAt: cursor.modifiedAt, parsed };
  failures.push(await rejectFile(session, cursor.file, parsed.problems, connection));
  return undefined;
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
