import type { CsvDialect } from '../file-settings.ts';
import { FirstLineIndex } from './first-line-index.ts';
import { type ParsedItem, type RowReading, readRows } from './parsed-file.ts';
import { RowReader } from './read-fields.ts';
import type { FileFormat, TableShape } from './read-table.ts';

export const incomingShape: TableShape = {
  required: ['reference', 'sku', 'location', 'quantity', 'expected_at', 'occurred_at'],
  optional: [],
};

/**
 * One expected delivery line (a purchase order or advance shipping notice line), in the connection's names and
 * units: `quantity` is what is still expected of `reference` at the location, absolute — a later row for the same
 * reference replaces it, and 0 means nothing more is expected.
 */
export interface IncomingRow {
  readonly line: number;
  readonly reference: string;
  readonly sku: string;
  readonly location: string;
  readonly quantity: number;
  readonly expectedAt: string;
  /** When the sender recorded this expectation: later rows for a reference win. */
  readonly occurredAt: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/** Reads an expected-deliveries file strictly, as it arrives; a bad line is reported with every problem it has. */
export function parseIncomingFile(
  source: AsyncIterable<Buffer | string>,
  format: FileFormat,
  dialect?: CsvDialect,
): AsyncGenerator<ParsedItem<IncomingRow>> {
  return readRows(source, format, incomingShape, incomingRowReading(), dialect);
}

function incomingRowReading(): RowReading<IncomingRow> {
  const firstLineOf = new FirstLineIndex();
  return (row, problems) => {
    const read = new RowReader(row, problems);
    const reference = read.text('reference', true);
    const sku = read.text('sku', true);
    const location = read.text('location', true);
    const quantity = read.wholeNumber('quantity', true, 'not-negative');
    const expectedAt = read.timestamp('expected_at', true);
    const occurredAt = read.timestamp('occurred_at', true);
    if (reference === undefined || sku === undefined || location === undefined) return undefined;
    // One file says one thing per delivery line: two answers for the same line would depend on row order.
    const position = JSON.stringify([reference, sku, location]);
    const earlier = firstLineOf.claim(position, row.line);
    if (earlier !== undefined) {
      const message = `reference "${reference}" for sku "${sku}" at "${location}" already appears on line ${earlier}`;
      problems.push({ line: row.line, message });
      return undefined;
    }
    if (quantity === undefined || expectedAt === undefined || occurredAt === undefined) return undefined;
    return { line: row.line, reference, sku, location, quantity, expectedAt, occurredAt, values: row.values };
  };
}
