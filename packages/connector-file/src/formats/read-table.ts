import type { CsvDialect } from '../file-settings.ts';
import { type LineProblem, readCsvRecords, standardCsvDialect } from './csv.ts';
import { readTextLines } from './text-lines.ts';

export type FileFormat = 'csv' | 'jsonl';

/** The columns (CSV) or keys (JSON Lines) a kind of file has. */
export interface TableShape {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

/**
 * One data row: values by column, absent when the cell is empty (CSV) or the key missing or null (JSON Lines).
 * CSV values are trimmed strings; JSON values are as written, so `"5"` and `5` stay distinguishable.
 */
export interface TableRow {
  readonly line: number;
  readonly format: FileFormat;
  readonly values: Readonly<Record<string, unknown>>;
}

/**
 * What reading a table yields, in line order: rows, lines that cannot be a row (each its own problem, the rows
 * around it unaffected), or — first and then nothing else — the problems that make the whole file unreadable
 * (an empty file, a wrong header).
 */
export type TableItem =
  | { readonly kind: 'row'; readonly row: TableRow }
  | { readonly kind: 'line-problem'; readonly problem: LineProblem }
  | { readonly kind: 'file-problems'; readonly problems: readonly LineProblem[] };

export function readTable(
  source: AsyncIterable<Buffer | string>,
  format: FileFormat,
  shape: TableShape,
  dialect: CsvDialect = standardCsvDialect,
): AsyncGenerator<TableItem> {
  return format === 'csv' ? readCsvTable(source, shape, dialect) : readJsonLinesTable(source, shape);
}

async function* readCsvTable(
  source: AsyncIterable<Buffer | string>,
  shape: TableShape,
  dialect: CsvDialect,
): AsyncGenerator<TableItem> {
  let columns: string[] | undefined;
  for await (const item of readCsvRecords(source, dialect)) {
    if ('problem' in item) {
      // A header that cannot be read leaves nothing to read the rows by.
      if (columns === undefined) return yield { kind: 'file-problems', problems: [item.problem] };
      yield { kind: 'line-problem', problem: item.problem };
      continue;
    }
    const { record } = item;
    if (columns === undefined) {
      columns = record.fields.map((name) => name.trim());
      const headerProblems = columnProblems(columns, shape, record.line);
      // Rows under a wrong header would only repeat its mistake on every line.
      if (headerProblems.length > 0) return yield { kind: 'file-problems', problems: headerProblems };
      continue;
    }
    if (record.fields.length !== columns.length) {
      const message = `has ${record.fields.length} fields, the header has ${columns.length}`;
      yield { kind: 'line-problem', problem: { line: record.line, message } };
      continue;
    }
    const values: Record<string, unknown> = {};
    columns.forEach((column, index) => {
      const value = record.fields[index]?.trim() ?? '';
      if (value !== '') values[column] = value;
    });
    yield { kind: 'row', row: { line: record.line, format: 'csv', values } };
  }
  if (columns === undefined) {
    yield { kind: 'file-problems', problems: [{ line: 1, message: 'the file is empty; it needs a header line' }] };
  }
}

async function* readJsonLinesTable(
  source: AsyncIterable<Buffer | string>,
  shape: TableShape,
): AsyncGenerator<TableItem> {
  const known = new Set([...shape.required, ...shape.optional]);
  for await (const { line, text } of readTextLines(source)) {
    if (text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      yield { kind: 'line-problem', problem: { line, message: `is not valid JSON (${(error as Error).message})` } };
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      yield { kind: 'line-problem', problem: { line, message: 'is not a JSON object' } };
      continue;
    }
    const values: Record<string, unknown> = {};
    const unknownKeys: string[] = [];
    for (const [key, value] of Object.entries(parsed)) {
      if (!known.has(key)) unknownKeys.push(key);
      else if (value !== null) values[key] = value;
    }
    if (unknownKeys.length > 0) {
      const keys = unknownKeys.map((key) => `"${key}"`).join(', ');
      const message = `unknown key${unknownKeys.length > 1 ? 's' : ''} ${keys}; expected ${describeShape(shape)}`;
      yield { kind: 'line-problem', problem: { line, message } };
      continue;
    }
    yield { kind: 'row', row: { line, format: 'jsonl', values } };
  }
}

function columnProblems(columns: readonly string[], shape: TableShape, line: number): LineProblem[] {
  const problems: LineProblem[] = [];
  const known = new Set([...shape.required, ...shape.optional]);
  const seen = new Set<string>();
  for (const column of columns) {
    if (!known.has(column))
      problems.push({ line, message: `unknown column "${column}"; expected ${describeShape(shape)}` });
    if (seen.has(column)) problems.push({ line, message: `column "${column}" appears twice` });
    seen.add(column);
  }
  for (const column of shape.required) {
    if (!seen.has(column)) problems.push({ line, message: `the header has no "${column}" column` });
  }
  return problems;
}

function describeShape(shape: TableShape): string {
  const optional = shape.optional.length === 0 ? '' : ` and optionally ${shape.optional.join(', ')}`;
  return `${shape.required.join(', ')}${optional}`;
}
