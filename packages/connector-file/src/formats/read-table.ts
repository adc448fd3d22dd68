import { type LineProblem, parseCsv } from './csv.ts';

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

export interface TableReadResult {
  readonly rows: readonly TableRow[];
  readonly problems: readonly LineProblem[];
}

export function readTable(text: string, format: FileFormat, shape: TableShape): TableReadResult {
  return format === 'csv' ? readCsvTable(text, shape) : readJsonLinesTable(text, shape);
}

function readCsvTable(text: string, shape: TableShape): TableReadResult {
  const parsed = parseCsv(text);
  const problems: LineProblem[] = [...parsed.problems];
  const [header, ...records] = parsed.records;
  if (header === undefined) {
    return { rows: [], problems: [...problems, { line: 1, message: `the file is empty; it needs a header line` }] };
  }
  const columns = header.fields.map((name) => name.trim());
  const headerProblems = columnProblems(columns, shape, header.line);
  // Rows under a wrong header would only repeat its mistake on every line.
  if (headerProblems.length > 0) return { rows: [], problems: [...problems, ...headerProblems] };
  const rows: TableRow[] = [];
  for (const record of records) {
    if (record.fields.length !== columns.length) {
      problems.push({
        line: record.line,
        message: `has ${record.fields.length} fields, the header has ${columns.length}`,
      });
      continue;
    }
    const values: Record<string, unknown> = {};
    columns.forEach((column, index) => {
      const value = record.fields[index]?.trim() ?? '';
      if (value !== '') values[column] = value;
    });
    rows.push({ line: record.line, format: 'csv', values });
  }
  return { rows, problems };
}

function readJsonLinesTable(text: string, shape: TableShape): TableReadResult {
  const problems: LineProblem[] = [];
  const rows: TableRow[] = [];
  const known = new Set([...shape.required, ...shape.optional]);
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r?\n/);
  lines.forEach((content, index) => {
    const line = index + 1;
    if (content.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch (error) {
      problems.push({ line, message: `is not valid JSON (${(error as Error).message})` });
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      problems.push({ line, message: 'is not a JSON object' });
      return;
    }
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parsed)) {
      if (!known.has(key)) problems.push({ line, message: `unknown key "${key}"; expected ${describeShape(shape)}` });
      else if (value !== null) values[key] = value;
    }
    rows.push({ line, format: 'jsonl', values });
  });
  return { rows, problems };
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
