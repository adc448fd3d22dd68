import { adjustmentReasons } from '@stockwire/model';
import type { LineProblem } from './csv.ts';
import { RowReader } from './read-fields.ts';
import { type FileFormat, readTable, type TableShape } from './read-table.ts';

export const adjustmentShape: TableShape = {
  required: ['id', 'sku', 'location', 'change', 'reason', 'occurred_at'],
  optional: [],
};

/** One row of an adjustments file, in the connection's names and units. */
export interface AdjustmentRow {
  readonly line: number;
  /** The sender's id for this change: the idempotency key, so a file dropped twice is applied once. */
  readonly id: string;
  readonly sku: string;
  readonly location: string;
  readonly change: number;
  readonly reason: (typeof adjustmentReasons)[number];
  readonly occurredAt: string;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface ParsedAdjustmentFile {
  readonly rows: readonly AdjustmentRow[];
  /** Any problem makes the whole file unusable: it is rejected, never half applied. */
  readonly problems: readonly LineProblem[];
}

/** Reads an adjustments file strictly; every structural problem is reported with its line. */
export function parseAdjustmentFile(text: string, format: FileFormat): ParsedAdjustmentFile {
  const table = readTable(text, format, adjustmentShape);
  const problems = [...table.problems];
  const rows: AdjustmentRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of table.rows) {
    const read = new RowReader(row, problems);
    const id = read.text('id', true);
    const sku = read.text('sku', true);
    const location = read.text('location', true);
    const change = read.wholeNumber('change', true, 'not-zero');
    const reason = read.choice('reason', adjustmentReasons);
    const occurredAt = read.timestamp('occurred_at', true);
    if (id !== undefined) {
      const earlier = firstLineOf.get(id);
      if (earlier !== undefined)
        problems.push({ line: row.line, message: `id "${id}" is already used on line ${earlier}` });
      else firstLineOf.set(id, row.line);
    }
    if (
      id === undefined ||
      sku === undefined ||
      location === undefined ||
      change === undefined ||
      reason === undefined ||
      occurredAt === undefined
    ) {
      continue;
    }
    rows.push({ line: row.line, id, sku, location, change, reason, occurredAt, values: row.values });
  }
  return { rows, problems: problems.sort((left, right) => left.line - right.line) };
}
