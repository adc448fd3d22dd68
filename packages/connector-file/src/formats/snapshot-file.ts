import type { QuantityState } from '@stockwire/model';
import type { CsvDialect } from '../file-settings.ts';
import { FirstLineIndex } from './first-line-index.ts';
import { type ParsedItem, type RowReading, readRows } from './parsed-file.ts';
import { RowReader } from './read-fields.ts';
import type { FileFormat, TableShape } from './read-table.ts';

/**
 * Snapshot columns and the canonical state each one carries. `incoming` has no column: a total cannot say when stock
 * arrives, so expected deliveries come per reference in `incoming*` files (see incoming-file.ts).
 */
export const snapshotQuantityColumns = {
  on_hand: 'onHand',
  committed: 'committed',
  reserved: 'reserved',
  damaged: 'damaged',
  quality_control: 'qualityControl',
  safety_stock: 'safetyStock',
  in_transit: 'inTransit',
  available: 'available',
} as const satisfies Record<string, QuantityState | 'available'>;

type SnapshotState = (typeof snapshotQuantityColumns)[keyof typeof snapshotQuantityColumns];

const optionalQuantityColumns = Object.keys(snapshotQuantityColumns).filter((column) => column !== 'on_hand');

export const snapshotShape: TableShape = {
  required: ['sku', 'location', 'on_hand'],
  optional: [...optionalQuantityColumns, 'observed_at'],
};

/** One row of a snapshot file, in the connection's names and units. */
export interface SnapshotRow {
  readonly line: number;
  readonly sku: string;
  readonly location: string;
  readonly quantities: Partial<Record<SnapshotState, number>>;
  /** From the `observed_at` column; absent when the file has none (the file's modification time is used). */
  readonly observedAt: string | undefined;
  readonly values: Readonly<Record<string, unknown>>;
}

/**
 * Reads a snapshot file strictly, as it arrives; a bad line (a value that is not a whole number, a repeated SKU and
 * location, …) is reported with every problem it has, and the other rows stand.
 */
export function parseSnapshotFile(
  source: AsyncIterable<Buffer | string>,
  format: FileFormat,
  dialect?: CsvDialect,
): AsyncGenerator<ParsedItem<SnapshotRow>> {
  return readRows(source, format, snapshotShape, snapshotRowReading(), dialect);
}

function snapshotRowReading(): RowReading<SnapshotRow> {
  const firstLineOf = new FirstLineIndex();
  return (row, problems) => {
    const read = new RowReader(row, problems);
    const sku = read.text('sku', true);
    const location = read.text('location', true);
    const quantities: SnapshotRow['quantities'] = {};
    for (const [column, state] of Object.entries(snapshotQuantityColumns)) {
      const quantity = read.wholeNumber(column, column === 'on_hand', 'not-negative');
      if (quantity !== undefined) quantities[state] = quantity;
    }
    const observedAt = read.timestamp('observed_at', false);
    if (sku === undefined || location === undefined) return undefined;
    const position = JSON.stringify([sku, location]);
    const earlier = firstLineOf.claim(position, row.line);
    if (earlier !== undefined) {
      problems.push({
        line: row.line,
        message: `sku "${sku}" at location "${location}" already appears on line ${earlier}`,
      });
      return undefined;
    }
    return { line: row.line, sku, location, quantities, observedAt, values: row.values };
  };
}
