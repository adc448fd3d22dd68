import type { ConnectionMappingV2, RemoteInventoryRecordV2 } from '@stockwire/connector-spec';
import type { InventoryEventOf } from '@stockwire/model';
import type { AdjustmentRow } from './formats/adjustment-file.ts';
import type { IncomingRow } from './formats/incoming-file.ts';
import type { SnapshotRow } from './formats/snapshot-file.ts';

/** Where a row came from, kept in `raw` for audits: the file, the line, and the values as written. */
function rawOf(path: string, row: { line: number; values: Readonly<Record<string, unknown>> }) {
  return { file: path, line: row.line, ...row.values };
}

/**
 * A snapshot row in canonical names and units. Throws UnmappedSkuError or UnmappedLocationError, which the caller
 * turns into an item failure for this row alone.
 */
export function toRemoteRecord(
  row: SnapshotRow,
  path: string,
  fileModifiedAt: string,
  mapping: ConnectionMappingV2,
): RemoteInventoryRecordV2 {
  const sku = mapping.toCanonicalSku(row.sku);
  const location = mapping.toCanonicalLocation(row.location);
  const unitsPer = mapping.unitsPer(sku);
  const quantities = Object.fromEntries(
    Object.entries(row.quantities).map(([state, quantity]) => [state, quantity * unitsPer]),
  );
  return { sku, location, quantities, observedAt: row.observedAt ?? fileModifiedAt, raw: rawOf(path, row) };
}

/**
 * An adjustment row as a canonical event. The sender's id, prefixed with the connection, is the idempotency key:
 * the same file dropped twice, or re-read after a crash, is applied once.
 */
export function toAdjustmentEvent(
  row: AdjustmentRow,
  path: string,
  mapping: ConnectionMappingV2,
): InventoryEventOf<'adjustment'> {
  const sku = mapping.toCanonicalSku(row.sku);
  const location = mapping.toCanonicalLocation(row.location);
  return {
    kind: 'adjustment',
    idempotencyKey: `${mapping.connection}/${row.id}`,
    source: mapping.connection,
    occurredAt: row.occurredAt,
    sku,
    location,
    change: row.change * mapping.unitsPer(sku),
    reason: row.reason,
    raw: rawOf(path, row),
  };
}

/**
 * An expected-delivery row as a canonical `incoming-expected` event, absolute per reference. Its key covers every
 * value of the row, so the same list dropped again is applied once, and a changed quantity or date is a new event
 * (the engine keeps the latest by `occurredAt`).
 */
export function toIncomingEvent(
  row: IncomingRow,
  path: string,
  mapping: ConnectionMappingV2,
): InventoryEventOf<'incoming-expected'> {
  const sku = mapping.toCanonicalSku(row.sku);
  const location = mapping.toCanonicalLocation(row.location);
  const values = [row.reference, row.sku, row.location, row.quantity, row.expectedAt, row.occurredAt];
  return {
    kind: 'incoming-expected',
    idempotencyKey: `${mapping.connection}/incoming/${values.map((value) => encodeURIComponent(value)).join('/')}`,
    source: mapping.connection,
    occurredAt: row.occurredAt,
    sku,
    location,
    incomingReference: row.reference,
    quantity: row.quantity * mapping.unitsPer(sku),
    expectedAt: row.expectedAt,
    raw: rawOf(path, row),
  };
}
