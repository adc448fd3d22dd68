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
import type {
  FileReading,
  FileSession,
  FileTransport,
  FileVersion,
  OpenFileSession,
} from './transport/file-transport.ts';

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
  /** How long a file left open between two pages waits for the next before it (and its SFTP connection) closes. */
  readonly idleMs?: number;
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
 *
 * A file the page filled in the middle of stays open, with its session, for the next page: that page goes on parsing
 * where this one stopped (as a snapshot does) instead of parsing the file again from line 1 up to its cursor, which
 * made a file of n rows in pages of p cost n²/2p rows parsed (1,000,000 rows in pages of 5,000: 100 million). A cursor
 * the open file does not continue (a restarted runner, a page re-read), a rewritten file or one left idle is read
 * from its start again, skipping the rows before the cursor, as before.
 */
export interface ChangesReader {
  pull(request: PollRequestV2<FileChangesCursor>): Promise<PollPageV2<FileChangesCursor>>;
  /** Closes the file left open between pages, if any. */
  close(): Promise<void>;
}

/** Long enough for the runner to apply a page between two polls; short enough not to hold an idle connection. */
const defaultIdleMs = 60_000;

export function createChangesReader(dependencies: ChangesReaderDependencies): ChangesReader {
  let held: HeldFile | undefined;
  let session: OpenFileSession | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  // One poll at a time: the held file belongs to one reading.
  let queue: Promise<unknown> = Promise.resolve();

  const closeAll = async () => {
    if (idleTimer !== undefined) clearTimeout(idleTimer);
    idleTimer = undefined;
    const [file, open] = [held, session];
    held = undefined;
    session = undefined;
    if (file !== undefined) await closeHeld(file);
    await open?.close().catch(() => undefined);
  };

  const pull = async (request: PollRequestV2<FileChangesCursor>): Promise<PollPageV2<FileChangesCursor>> => {
    if (idleTimer !== undefined) clearTimeout(idleTimer);
    idleTimer = undefined;
    session ??= await dependencies.transport.openSession();
    const holder: FileHolder = {
      take: () => {
        const file = held;
        held = undefined;
        return file;
      },
      keep: (file) => {
        if (held !== undefined) return false;
        held = file;
        return true;
      },
    };
    let page: PollPageV2<FileChangesCursor>;
    try {
      page = await pullOnSession(dependencies, request, session.session, holder);
    } catch (error) {
      await closeAll();
      throw error;
    }
    if (held === undefined) await closeAll();
    else {
      idleTimer = setTimeout(() => void closeAll(), dependencies.idleMs ?? defaultIdleMs);
      // A file left open for a next page that never comes must not keep the process alive.
      idleTimer.unref();
    }
    return page;
  };

  return {
    pull(request) {
      const page = queue.then(() => pull(request));
      queue = page.catch(() => undefined);
      return page;
    },
    async close() {
      await queue;
      await closeAll();
    },
  };
}

/** A file a page filled in the middle of: its reading, parser and the row that did not fit, for the next page. */
interface HeldFile {
  readonly kind: Stream['kind'];
  readonly name: string;
  readonly version: FileVersion;
  readonly reading: FileReading;
  readonly items: AsyncIterator<ParsedItem<StreamRow>>;
  /** The item read past the page's end, first of the next page. */
  readonly lookahead: IteratorResult<ParsedItem<StreamRow>>;
  /** The last line consumed: the cursor's line a next page continuing this file starts after. */
  readonly line: number;
}

/** Hands a held file to the read that continues it, and takes the one a full page leaves. */
interface FileHolder {
  take(): HeldFile | undefined;
  /**
   * False when a file is already kept for the next page: a page the adjustments filled still peeks at the first
   * incoming file (to know whether there is more), and the next page goes on with the adjustments file.
   */
  keep(file: HeldFile): boolean;
}

async function closeHeld(file: Pick<HeldFile, 'items' | 'reading'>): Promise<void> {
  await file.items.return?.(undefined).catch(() => undefined);
  await file.reading.close().catch(() => undefined);
}

async function pullOnSession(
  dependencies: ChangesReaderDependencies,
  request: PollRequestV2<FileChangesCursor>,
  session: FileSession,
  holder: FileHolder,
): Promise<PollPageV2<FileChangesCursor>> {
  const { mapping } = dependencies;
  const connection = mapping.connection;
  const start = parseChangesCursor(request.cursor, connection);
  const limit = Math.max(1, Math.min(request.limit ?? dependencies.pageSize, dependencies.pageSize));
  const scan = await scanInbox(session, connection);
  const page: PageInProgress = { events: [], failures: [...scan.failures], room: limit, hasMore: false };
  const [adjustments, incoming] = streams;
  const previous = holder.take();
  const context = { session, mapping, files: scan.files, page, dialect: dependencies.dialect, holder, previous };
  try {
    const adjustmentsAt = await readStream(adjustments as Stream, { file: start.file, line: start.line }, context);
    const incomingAt = await readStream(incoming as Stream, start.incoming ?? { file: '', line: 0 }, context);
    // Until an incoming file has been seen the cursor keeps its earlier shape, `{ file, line }`.
    const cursor: FileChangesCursor =
      incomingAt.file === '' ? adjustmentsAt : { ...adjustmentsAt, incoming: incomingAt };
    return { events: page.events, failures: page.failures, cursor, hasMore: page.hasMore };
  } finally {
    // A held file this page did not continue (its cursor was elsewhere) is closed, never left behind.
    if (context.previous !== undefined) await closeHeld(context.previous);
  }
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
  readonly holder: FileHolder;
  /** The file the last page left open, until a read continues it (or the page ends and it is closed). */
  previous: HeldFile | undefined;
}

/**
 * Reads one kind of file from `start` into the page while it has room; returns where that kind stopped.
 *
 * Each file is streamed (openRead, csv-parse as chunks arrive) and the reading stops at the first row the page has
 * no room for, so a poll holds at most one page of events (`pageSize`) and the chunks the parser reads ahead, never
 * the whole file: reading a 100,000-row inbox file whole for each of its 20 pages kept every parsed row alive long
 * enough to be promoted, and the runner's heap peaked at ~580 MiB used for 100,000 positions (#14). A file opened
 * afresh still parses the rows before the cursor (not kept): a repeated id is found by the rows read before it.
 */
async function readStream(stream: Stream, start: StreamPosition, context: StreamContext): Promise<StreamPosition> {
  const { session, page } = context;
  const files = context.files.filter((file) => file.kind === stream.kind);
  for (const done of files.filter((file) => file.name < start.file)) await moveToProcessed(session, done.name);
  let position = start;
  for (const file of files.filter((candidate) => candidate.name >= start.file)) {
    const after = file.name === start.file ? start.line : 0;
    const opened = await openFile(stream, file, after, context);
    if (opened === undefined) continue;
    let read: FileRead;
    try {
      read = await readFile(stream, file, after, context, opened);
    } catch (error) {
      await closeHeld(opened);
      throw error;
    }
    if (read.kind === 'page-full') {
      // Kept open for the next page, which continues after the cursor this page returns.
      const line = read.line ?? after;
      if (!context.holder.keep({ ...opened, lookahead: read.lookahead, line })) await closeHeld(opened);
      page.hasMore = true;
      return read.line === undefined ? position : { file: file.name, line: read.line };
    }
    await closeHeld(opened);
    if (read.kind === 'file-problems') {
      // Rejected only once closed: the file is moved away from under no open reader.
      page.failures.push(await rejectFile(session, file.name, read.problems, context.mapping.connection));
      position = { file: file.name, line: 0 };
      continue;
    }
    position = { file: file.name, line: read.line ?? after };
  }
  return position;
}

/** A file being read by one page: the held one when it continues exactly at `after`, else opened from its start. */
type OpenedFile = Omit<HeldFile, 'lookahead' | 'line'> & { readonly lookahead?: HeldFile['lookahead'] };

async function openFile(
  stream: Stream,
  file: InboxFile,
  after: number,
  context: StreamContext,
): Promise<OpenedFile | undefined> {
  const held = context.previous;
  if (held !== undefined && held.kind === stream.kind && held.name === file.name && held.line === after) {
    context.previous = undefined;
    // Rewritten since (a new version under the same name): read the new one from its start, as a fresh poll would.
    const now = await context.session.version(file.path);
    if (now !== undefined && now.modifiedAt === held.version.modifiedAt && now.size === held.version.size) return held;
    await closeHeld(held);
  }
  const reading = await context.session.openRead(file.path);
  if (reading === undefined) return undefined;
  const items = stream.parse(reading.chunks, file.format, context.dialect)[Symbol.asyncIterator]();
  const version = { modifiedAt: reading.modifiedAt, size: reading.size };
  return { kind: stream.kind, name: file.name, version, reading, items };
}

/** How reading one file ended: the whole file unreadable, the page full before its end, or its end reached. */
type FileRead =
  | { readonly kind: 'file-problems'; readonly problems: readonly LineProblem[] }
  /** `line`: the last line this page took, undefined when it took none of this file. */
  | { readonly kind: 'file-end'; readonly line: number | undefined }
  /** `lookahead`: the item that did not fit, first of the next page. */
  | {
      readonly kind: 'page-full';
      readonly line: number | undefined;
      readonly lookahead: IteratorResult<ParsedItem<StreamRow>>;
    };

async function readFile(
  stream: Stream,
  file: InboxFile,
  after: number,
  context: StreamContext,
  opened: OpenedFile,
): Promise<FileRead> {
  const { mapping, page } = context;
  const connection = mapping.connection;
  let last: number | undefined;
  let pending = opened.lookahead;
  for (;;) {
    const next = pending ?? (await opened.items.next());
    pending = undefined;
    if (next.done) break;
    const item = next.value;
    if (item.kind === 'file-problems') return { kind: 'file-problems', problems: item.problems };
    // A bad line is an item failure in its place: it takes room on the page and moves the cursor like a row.
    const line = item.kind === 'row' ? item.row.line : item.line;
    if (line <= after) continue;
    if (page.room <= 0) return { kind: 'page-full', line: last, lookahead: next };
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
