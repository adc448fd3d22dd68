import { type ItemFailureV2, MalformedPayloadError } from '@stockwire/connector-spec';
import { InvalidFileRowError } from './file-errors.ts';
import { classifyInboxName, folders, type InboxFileKind, withTimestamp } from './file-layout.ts';
import type { LineProblem } from './formats/csv.ts';
import type { FileFormat } from './formats/read-table.ts';
import type { FileEntry, FileSession } from './transport/file-transport.ts';

export interface InboxFile extends FileEntry {
  readonly kind: InboxFileKind;
  readonly format: FileFormat;
  /** `inbox/<name>`, as messages and item failures name it. */
  readonly path: string;
}

export interface InboxScan {
  /** Sorted by name. */
  readonly files: readonly InboxFile[];
  /** One per file whose name says nothing we can read; each was moved to rejected/. */
  readonly failures: readonly ItemFailureV2[];
}

/** Most problems listed in a reason file; a file with thousands of bad lines has one mistake repeated. */
const listedProblemLimit = 200;

export async function scanInbox(session: FileSession, connection: string): Promise<InboxScan> {
  const files: InboxFile[] = [];
  const failures: ItemFailureV2[] = [];
  for (const entry of await session.listFiles(folders.inbox)) {
    const name = classifyInboxName(entry.name);
    if (name.kind === 'in-progress') continue;
    const path = `${folders.inbox}/${entry.name}`;
    if (name.kind === 'unknown') {
      const problem =
        'the name matches none of snapshot*, adjust* or incoming* with .csv or .jsonl, so it cannot be read';
      failures.push(await rejectFile(session, entry.name, [{ line: 0, message: problem }], connection));
      continue;
    }
    files.push({ ...entry, kind: name.kind, format: name.format, path });
  }
  return { files, failures };
}

/**
 * Moves a file that cannot be applied out of the inbox into rejected/, with `<name>.reason.txt` beside it listing
 * every problem by line. The reasons are written first: a crash in between leaves the file in the inbox, to be
 * rejected again, never a rejected file without its reasons.
 */
export async function rejectFile(
  session: FileSession,
  name: string,
  problems: readonly LineProblem[],
  connection: string,
): Promise<ItemFailureV2> {
  const destination = await freeName(session, folders.rejected, name);
  const source = `${folders.inbox}/${name}`;
  const listed = problems
    .slice(0, listedProblemLimit)
    .map((problem) => `${locate(source, problem.line)}: ${problem.message}`);
  if (problems.length > listedProblemLimit) listed.push(`… and ${problems.length - listedProblemLimit} more problems`);
  listed.push(`Nothing from ${source} was applied. Fix it and drop the whole file into ${folders.inbox}/ again.`);
  await session.writeTextAtomically(`${folders.rejected}/${destination}.reason.txt`, `${listed.join('\n')}\n`);
  await session.move(source, `${folders.rejected}/${destination}`);
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  const error = new MalformedPayloadError({
    connection,
    what: `the file ${source}`,
    path: first === undefined || first.line === 0 ? 'its name' : `line ${first.line}`,
    problem:
      `${first?.message ?? 'unreadable'}${more}; the file was moved to ${folders.rejected}/${destination} ` +
      `with every problem listed in ${folders.rejected}/${destination}.reason.txt`,
  });
  return { where: locate(source, first?.line ?? 0), error };
}

/** Moves a file that has been read completely (or superseded) to processed/. */
export async function moveToProcessed(session: FileSession, name: string): Promise<void> {
  const destination = await freeName(session, folders.processed, name);
  await session.move(`${folders.inbox}/${name}`, `${folders.processed}/${destination}`);
}

/** A line of an inbox file that is not a usable row: an item failure of its own, the other rows stand. */
export function badLineFailure(
  path: string,
  line: number,
  problems: readonly LineProblem[],
  connection: string,
): ItemFailureV2 {
  const messages = problems.map((problem) => problem.message);
  return {
    where: locate(path, line),
    error: new InvalidFileRowError({ connection, file: path, line, problems: messages }),
  };
}

/** `inbox/a.csv:14`, or the bare path for a problem with the whole file (line 0). */
export function locate(path: string, line: number): string {
  return line > 0 ? `${path}:${line}` : path;
}

async function freeName(session: FileSession, folder: string, name: string): Promise<string> {
  if (!(await session.exists(`${folder}/${name}`))) return name;
  return withTimestamp(name, new Date());
}
