import { adjustmentReasons } from '@stockwire/model';
import type { CsvDialect } from '../file-settings.ts';
import { FirstLineIndex } from './first-line-index.ts';
import { type ParsedItem, type RowReading, readRows } from './parsed-file.ts';
import { RowReader } from './read-fields.ts';
import type { FileFormat, TableShape } from './read-table.ts';

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

/** Reads an adjustments file strictly, as it arrives; a bad line is reported with every problem it has. */
export function parseAdjustmentFile(
  source: AsyncIterable<Buffer | string>,
  format: FileFormat,
  dialect?: CsvDialect,
): AsyncGenerator<ParsedItem<AdjustmentRow>> {
  return readRows(source, format, adjustmentShape, adjustmentRowReading(), dialect);
}

function adjustmentRowReading(): RowReading<AdjustmentRow> {
  const firstLineOf = new FirstLineIndex();
  return (row, problems) => {
    const read = new RowReader(row, problems);
    const id = read.text('id', true);
    const sku = read.text('sku', true);
    const location = read.text('location', true);
    const change = read.wholeNumber('change', true, 'not-zero');
    const reason = read.choice('reason', adjustmentReasons);
    const occurredAt = read.timestamp('occurred_at', true);
    if (id !== undefined) {
      const earlier = firstLineOf.claim(id, row.line);
      if (earlier !== undefined)
        problems.push({ line: row.line, message: `id "${id}" is already used on line ${earlier}` });
    }
    if (
      id === undefined ||
      sku === undefined ||
      location === undefined ||
      change === undefined ||
      reason === undefined ||
      occurredAt === undefined
    ) {
      return undefined;
    }
    return { line: row.line, id, sku, location, change, reason, occurredAt, values: row.values };
  };
}
