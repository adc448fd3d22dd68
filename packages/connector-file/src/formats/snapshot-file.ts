import type { QuantityState } from '@stockwire/model';
import type { LineProblem } from './csv.ts';
import { RowReader } from './read-fields.ts';
import { type FileFormat, readTable, type TableShape } from './read-table.ts';

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

export interface ParsedSnapshotFile {
  readonly rows: readonly SnapshotRow[];
  /** Any problem makes the whole file unusable: it is rejected, never half applied. */
  readonly problems: readonly LineProblem[];
}

/** Reads a snapshot file strictly; every structural problem is reported with its line. */
export function parseSnapshotFile(text: string, format: FileFormat): ParsedSnapshotFile {
  const table = readTable(text, format, snapshotShape);
  const problems = [...table.problems];
  const rows: SnapshotRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of table.rows) {
    const read = new RowReader(row, problems);
    const sku = read.text('sku', true);
    const location = read.text('location', true);
    const quantities: SnapshotRow['quantities'] = {};
    for (const [column, state] of Object.entries(snapshotQuantityColumns)) {
      const quantity = read.wholeNumber(column, column === 'on_hand', 'not-negative');
      if (quantity !== undefined) quantities[state] = quantity;
    }
    const observedAt = read.timestamp('observed_at', false);
    if (sku === undefined || location === undefined) continue;
    const position = JSON.stringify([sku, location]);
    const earlier = firstLineOf.get(position);
    if (earlier !== undefined) {
      problems.push({
        line: row.line,
        message: `sku "${sku}" at location "${location}" already appears on line ${earlier}`,
      });
      continue;
    }
    firstLineOf.set(position, row.line);
    rows.push({ line: row.line, sku, location, quantities, observedAt, values: row.values });
  }
  return { rows, problems: problems.sort((left, right) => left.line - right.line) };
}
