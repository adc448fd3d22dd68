import type { CsvDialect } from '../file-settings.ts';
import { formatCsvRow, standardCsvDialect } from '../formats/csv.ts';
import type { FileFormat } from '../formats/read-table.ts';

/** A snapshot row as a WMS or ERP writes it: the connection's names and units, snake_case columns. */
export interface SnapshotFileRow {
  readonly sku: string;
  readonly location: string;
  readonly on_hand: number | string;
  readonly committed?: number | string;
  readonly reserved?: number | string;
  readonly damaged?: number | string;
  readonly quality_control?: number | string;
  readonly safety_stock?: number | string;
  readonly in_transit?: number | string;
  readonly available?: number | string;
  readonly observed_at?: string;
}

export interface AdjustmentFileRow {
  readonly id: string;
  readonly sku: string;
  readonly location: string;
  readonly change: number | string;
  readonly reason: string;
  readonly occurred_at: string;
}

export const adjustmentFileColumns = ['id', 'sku', 'location', 'change', 'reason', 'occurred_at'] as const;

/** An expected-delivery row (a purchase order or ASN line) as a WMS or ERP writes it into `incoming*` files. */
export interface IncomingFileRow {
  readonly reference: string;
  readonly sku: string;
  readonly location: string;
  readonly quantity: number | string;
  readonly expected_at: string;
  readonly occurred_at: string;
}

export const incomingFileColumns = ['reference', 'sku', 'location', 'quantity', 'expected_at', 'occurred_at'] as const;

/**
 * The text of an inventory file. CSV columns are the union of the rows' keys, in first-seen order (a row without
 * a column gets an empty cell); JSON Lines writes each row as it is. Values are written as given, so a test can
 * write a malformed one on purpose.
 */
export function inventoryFileText(
  rows: readonly object[],
  format: FileFormat,
  columns?: readonly string[],
  dialect: CsvDialect = standardCsvDialect,
): string {
  if (format === 'jsonl') return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
  const header = columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const line = (fields: readonly string[]) => {
    const text = formatCsvRow(fields, dialect);
    if (text === undefined) throw new Error(`${JSON.stringify(fields)} cannot be written without quoting`);
    return text;
  };
  const lines = [line(header)];
  for (const row of rows) {
    const values = row as Record<string, unknown>;
    lines.push(line(header.map((column) => (values[column] === undefined ? '' : String(values[column])))));
  }
  return `${lines.join('\n')}\n`;
}

export function snapshotFileText(
  rows: readonly SnapshotFileRow[],
  format: FileFormat = 'csv',
  dialect?: CsvDialect,
): string {
  return inventoryFileText(rows, format, rows.length === 0 ? ['sku', 'location', 'on_hand'] : undefined, dialect);
}

export function adjustmentFileText(rows: readonly AdjustmentFileRow[], format: FileFormat = 'csv'): string {
  return inventoryFileText(rows, format, adjustmentFileColumns);
}

export function incomingFileText(rows: readonly IncomingFileRow[], format: FileFormat = 'csv'): string {
  return inventoryFileText(rows, format, incomingFileColumns);
}
