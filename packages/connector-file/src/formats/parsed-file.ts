import type { CsvDialect } from '../file-settings.ts';
import type { LineProblem } from './csv.ts';
import { type FileFormat, readTable, type TableRow, type TableShape } from './read-table.ts';

/**
 * What reading a kind of file yields, in line order: its typed rows, lines that are not a usable row (every
 * problem of that line; the other rows stand), or — alone — the problems that make the whole file unreadable.
 */
export type ParsedItem<Row> =
  | { readonly kind: 'row'; readonly row: Row }
  | { readonly kind: 'bad-line'; readonly line: number; readonly problems: readonly LineProblem[] }
  | { readonly kind: 'file-problems'; readonly problems: readonly LineProblem[] };

/**
 * Reads one table row into a typed row, recording every problem it has (the row is unusable when it has any).
 * A reader keeps state across the rows of one file (for repeated keys), so it is made once per file.
 */
export type RowReading<Row> = (row: TableRow, problems: LineProblem[]) => Row | undefined;

/** Reads a file's rows as they arrive: the table (CSV or JSON Lines), then each row through `reading`. */
export async function* readRows<Row>(
  source: AsyncIterable<Buffer | string>,
  format: FileFormat,
  shape: TableShape,
  reading: RowReading<Row>,
  dialect?: CsvDialect,
): AsyncGenerator<ParsedItem<Row>> {
  for await (const item of readTable(source, format, shape, dialect)) {
    if (item.kind === 'file-problems') return yield item;
    if (item.kind === 'line-problem') {
      yield { kind: 'bad-line', line: item.problem.line, problems: [item.problem] };
      continue;
    }
    const problems: LineProblem[] = [];
    const row = reading(item.row, problems);
    if (problems.length > 0 || row === undefined) yield { kind: 'bad-line', line: item.row.line, problems };
    else yield { kind: 'row', row };
  }
}

/** A whole file's items, for files read at once (the changes poll) and for tests. */
export interface ParsedFile<Row> {
  /** Rows and bad lines in line order. */
  readonly items: readonly Exclude<ParsedItem<Row>, { kind: 'file-problems' }>[];
  readonly rows: readonly Row[];
  /** Every problem of a bad line, in line order. */
  readonly lineProblems: readonly LineProblem[];
  /** When not empty the file cannot be read at all, and there are no items. */
  readonly fileProblems: readonly LineProblem[];
}

export async function collectRows<Row>(items: AsyncIterable<ParsedItem<Row>>): Promise<ParsedFile<Row>> {
  const collected: Exclude<ParsedItem<Row>, { kind: 'file-problems' }>[] = [];
  for await (const item of items) {
    if (item.kind === 'file-problems') return { items: [], rows: [], lineProblems: [], fileProblems: item.problems };
    collected.push(item);
  }
  return {
    items: collected,
    rows: collected.flatMap((item) => (item.kind === 'row' ? [item.row] : [])),
    lineProblems: collected.flatMap((item) => (item.kind === 'bad-line' ? item.problems : [])),
    fileProblems: [],
  };
}

/** Text as a one-chunk source, for files already in memory. */
export async function* textSource(text: string): AsyncGenerator<string> {
  yield text;
}
