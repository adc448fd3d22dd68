import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  type PollPageV2,
  type PollRequestV2,
} from '@stockwire/connector-spec';
import type { InventoryEvent } from '@stockwire/model';
import { z } from 'zod';
import { InvalidFileCursorError } from './file-errors.ts';
import { parseAdjustmentFile } from './formats/adjustment-file.ts';
import { locate, moveToProcessed, rejectFile, scanInbox } from './inbox.ts';
import { toAdjustmentEvent } from './map-file-rows.ts';
import type { FileTransport } from './transport/file-transport.ts';

/**
 * Where a poll of adjustment files stopped: the file (by name; files are read in name order) and its last line
 * consumed. `line` 0 means none of `file` yet; an empty `file` means before every file.
 */
export const FileChangesCursorSchema = z.strictObject({
  file: z.string(),
  line: z.number().int().min(0),
});
export type FileChangesCursor = z.infer<typeof FileChangesCursorSchema>;

export interface ChangesReaderDependencies {
  readonly transport: FileTransport;
  readonly mapping: ConnectionMappingV2;
  readonly pageSize: number;
}

/**
 * Reads adjustment rows after the cursor, in file-name order, at most `limit` rows per page. Files entirely before
 * the incoming cursor have been stored as done by the runner, so only they move to processed/: a crash before the
 * runner stores a new cursor re-reads rows (at least once, deduplicated by id), never loses them.
 */
export async function pullFileChanges(
  dependencies: ChangesReaderDependencies,
  request: PollRequestV2<FileChangesCursor>,
): Promise<PollPageV2<FileChangesCursor>> {
  const { mapping } = dependencies;
  const connection = mapping.connection;
  const start = parseChangesCursor(request.cursor, connection);
  const limit = Math.max(1, Math.min(request.limit ?? dependencies.pageSize, dependencies.pageSize));
  return await dependencies.transport.withSession(async (session) => {
    const scan = await scanInbox(session, connection);
    const failures: ItemFailureV2[] = [...scan.failures];
    const files = scan.files.filter((file) => file.kind === 'adjustments');
    for (const done of files.filter((file) => file.name < start.file)) await moveToProcessed(session, done.name);

    const events: InventoryEvent[] = [];
    let rowsInPage = 0;
    let position = start;
    for (const file of files.filter((candidate) => candidate.name >= start.file)) {
      const after = file.name === start.file ? start.line : 0;
      const text = await session.readText(file.path);
      if (text === undefined) continue;
      const parsed = parseAdjustmentFile(text, file.format);
      if (parsed.problems.length > 0) {
        failures.push(await rejectFile(session, file.name, parsed.problems, connection));
        position = { file: file.name, line: 0 };
        continue;
      }
      for (const row of parsed.rows) {
        if (row.line <= after) continue;
        if (rowsInPage >= limit) return { events, failures, cursor: position, hasMore: true };
        const result = captureItemFailure(locate(file.path, row.line), () =>
          toAdjustmentEvent(row, file.path, mapping),
        );
        if ('failure' in result) failures.push(result.failure);
        else events.push(result.value);
        rowsInPage++;
        position = { file: file.name, line: row.line };
      }
      if (position.file !== file.name) position = { file: file.name, line: after };
    }
    return { events, failures, cursor: position, hasMore: false };
  });
}

function parseChangesCursor(cursor: unknown, connection: string): FileChangesCursor {
  if (cursor === undefined) return { file: '', line: 0 };
  const parsed = FileChangesCursorSchema.safeParse(cursor);
  if (parsed.success) return parsed.data;
  throw new InvalidFileCursorError({
    connection,
    problem:
      `${JSON.stringify(cursor)} is not a file connector cursor ({ file, line }): ${parsed.error.issues[0]?.message}. ` +
      'Clear the stored cursor to read the inbox from its first adjustment file',
  });
}
