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
import type { InboxFileKind } from './file-layout.ts';
import type { CsvDialect } from './file-settings.ts';
import { parseAdjustmentFile } from './formats/adjustment-file.ts';
import type { LineProblem } from './formats/csv.ts';
import { parseIncomingFile } from './formats/incoming-file.ts';
import type { ParsedItem } from './formats/parsed-file.ts';
import type { FileFormat } from './formats/read-table.ts';
import { badLineFailure, type InboxFile, locate, moveToProcessed, rejectFile, scanInbox } from './inbox.ts';
import { toAdjustmentEvent, toIncomingEvent } from './map-file-rows.ts';
import type { FileSession, FileTransport } from './transport/file-transport.ts';

/**
 * Where a poll of one kind of file stopped: the file (by name; files are read in name order) and its last line
 * consumed. `line` 0 means none of `file` yet; an empty `file` means before every file.
 */
const StreamPositionSchema = z.strictObject({ file: z.string(), line: z.number().int().min(0) });
type StreamPosition = z.infer<typeof StreamPositionSchema>;

/**
 * The poll cursor: the adjustments position (`file`, `line`, as before expected deliveries existed, so a stored
 * cursor stays valid) and the expected-deliveries position (`incoming`). Each kind is its own name-ordered
 * stream, so an adjust file arriving after an incoming one is never skipped for sorting before it.
 */
export const FileChangesCursorSchema = StreamPositionSchema.extend({ incoming: StreamPositionSchema.optional() });
export type FileChangesCursor = z.infer<typeof FileChangesCursorSchema>;

export interface ChangesReaderDependencies {
  readonly transport: FileTransport;
  readonly mapping: ConnectionMappingV2;
  readonly pageSize: number;
  readonly dialect?: CsvDialect;
}

interface StreamRow {
  readonly line: number;
}

/** How one kind of file is read: its rows, and each row as an event. */
interface Stream {
  readonly kind: Extract<InboxFileKind, 'adjustments' | 'incoming'>;
  parse(
    source: AsyncIterable<Buffer | string>,
    format: FileFormat,
    dialect?: CsvDialect,
  ): AsyncGenerator<ParsedItem<StreamRow>>;
  toEvent(row: StreamRow, path: string, mapping: ConnectionMappingV2): InventoryEvent;
}

const streams: readonly Stream[] = [
  {
    kind: 'adjustments',
    parse: parseAdjustmentFile,
    toEvent: (row, path, mapping) => toAdjustmentEvent(row as Parameters<typeof toAdjustmentEvent>[0], path, mapping),
  },
  {
    kind: 'incoming',
    parse: parseIncomingFile,
    toEvent: (row, path, mapping) => toIncomingEvent(row as Parameters<typeof toIncomingEvent>[0], path, mapping),
  },
];

/**
 * Reads adjustment rows, then expected-delivery rows, after the cursor, each kind in file-name order, at most
 * `limit` rows per page. Files entirely before the incoming cursor have been stored as done by the runner, so only
 * they move to processed/: a crash before the runner stores a new cursor re-reads rows (at least once,
 * deduplicated by idempotency key), never loses them.
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
    const page: PageInProgress = { events: [], failures: [...scan.failures], room: limit, hasMore: false };
    const [adjustments, incoming] = streams;
    const context = { session, mapping, files: scan.files, page, dialect: dependencies.dialect };
    const adjustmentsAt = await readStream(adjustments as Stream, { file: start.file, line: start.line }, context);
    const incomingAt = await readStream(incoming as Stream, start.incoming ?? { file: '', line: 0 }, context);
    // Until an incoming file has been seen the cursor keeps its earlier shape, `{ file, line }`.
    const cursor: FileChangesCursor =
      incomingAt.file === '' ? adjustmentsAt : { ...adjustmentsAt, incoming: incomingAt };
    return { events: page.events, failures: page.failures, cursor, hasMore: page.hasMore };
  });
}

interface PageInProgress {
  readonly events: InventoryEvent[];
  readonly failures: ItemFailureV2[];
  /** Rows this page may still take. */
  room: number;
  hasMore: boolean;
}

interface StreamContext {
  readonly session: FileSession;
  readonly mapping: ConnectionMappingV2;
  readonly files: readonly InboxFile[];
  readonly page: PageInProgress;
  readonly dialect: CsvDialect | undefined;
}

/**
 * Reads one kind of file from `start` into the page while it has room; returns where that kind stopped.
 *
 * Each file is streamed (openRead, csv-parse as chunks arrive) and the reading stops at the first row the page has
 * no room for, so a poll holds at most one page of events (`pageSize`) and the chunks the parser reads ahead, never
 * the whole file: reading a 100,000-row inbox file whole for each of its 20 pages kept every parsed row alive long
 * enough to be promoted, and the runner's heap peaked at ~580 MiB used for 100,000 positions (#14). The rows before
 * the cursor are still parsed (not kept): a repeated id is found by the rows read before it.
 */
async function readStream(stream: Stream, start: StreamPosition, context: StreamContext): Promise<StreamPosition> {
  const { session, page } = context;
  const files = context.files.filter((file) => file.kind === stream.kind);
  for (const done of files.filter((file) => file.name < start.file)) await moveToProcessed(session, done.name);
  let position = start;
  for (const file of files.filter((candidate) => candidate.name >= start.file)) {
    const after = file.name === start.file ? start.line : 0;
    const reading = await session.openRead(file.path);
    if (reading === undefined) continue;
    let read: FileRead;
    try {
      read = await readFile(stream, file, after, context, reading.chunks);
    } finally {
      await reading.close();
    }
    if (read.kind === 'file-problems') {
      // Rejected only once closed: the file is moved away from under no open reader.
      page.failures.push(await rejectFile(session, file.name, read.problems, context.mapping.connection));
      position = { file: file.name, line: 0 };
      continue;
    }
    if (read.kind === 'page-full') {
      page.hasMore = true;
      return read.line === undefined ? position : { file: file.name, line: read.line };
    }
    position = { file: file.name, line: read.line ?? after };
  }
  return position;
}

/** How reading one file ended: the whole file unreadable, the page full before its end, or its end reached. */
type FileRead =
  | { readonly kind: 'file-problems'; readonly problems: readonly LineProblem[] }
  /** `line`: the last line this page took, undefined when it took none of this file. */
  | { readonly kind: 'page-full' | 'file-end'; readonly line: number | undefined };

async function readFile(
  stream: Stream,
  file: InboxFile,
  after: number,
  context: StreamContext,
  chunks: AsyncIterable<Buffer>,
): Promise<FileRead> {
  const { mapping, page } = context;
  const connection = mapping.connection;
  let last: number | undefined;
  // Leaving the loop early ends the parser (its generator's return), which stops reading the file.
  for await (const item of stream.parse(chunks, file.format, context.dialect)) {
    if (item.kind === 'file-problems') return { kind: 'file-problems', problems: item.problems };
    // A bad line is an item failure in its place: it takes room on the page and moves the cursor like a row.
    const line = item.kind === 'row' ? item.row.line : item.line;
    if (line <= after) continue;
    if (page.room <= 0) return { kind: 'page-full', line: last };
    if (item.kind === 'bad-line') {
      page.failures.push(badLineFailure(file.path, line, item.problems, connection));
    } else {
      const { row } = item;
      const result = captureItemFailure(locate(file.path, line), () => stream.toEvent(row, file.path, mapping));
      if ('failure' in result) page.failures.push(result.failure);
      else page.events.push(result.value);
    }
    page.room--;
    last = line;
  }
  return { kind: 'file-end', line: last };
}

function parseChangesCursor(cursor: unknown, connection: string): FileChangesCursor {
  if (cursor === undefined) return { file: '', line: 0 };
  const parsed = FileChangesCursorSchema.safeParse(cursor);
  if (parsed.success) return parsed.data;
  throw new InvalidFileCursorError({
    connection,
    problem:
      `${JSON.stringify(cursor)} is not a file connector cursor ({ file, line, incoming? }): ` +
      `${parsed.error.issues[0]?.message}. Clear the stored cursor to read the inbox from its first file`,
  });
}
