import {
  type InventoryEvent,
  InventoryEventSchema,
  type SnapshotQuantityState,
  snapshotQuantityStates,
} from '@stockwire/model';
import type { PositionEntry } from './positions-schema.ts';

/** The connection id the preview's events come from; authority is not checked in a preview. */
export const positionsFileSource = 'positions-file';

/**
 * The canonical events that say what an entry says: one snapshot of the written states and one
 * `incoming-expected` per delivery. Going through events (rather than building positions) means the preview
 * sees exactly what the engine would after the same reports, and stays right when the position format changes.
 */
export function positionEntryToEvents(entry: PositionEntry, index: number, occurredAt: string): InventoryEvent[] {
  const quantities: Partial<Record<SnapshotQuantityState, number>> = {};
  for (const state of snapshotQuantityStates) {
    const quantity = entry[state];
    if (quantity !== undefined) quantities[state] = quantity;
  }
  const base = { source: positionsFileSource, occurredAt, sku: entry.sku, location: entry.location };
  const events: unknown[] = [
    { ...base, kind: 'snapshot', idempotencyKey: `positions[${index}]:snapshot`, quantities },
    ...entry.incoming.map((delivery) => ({
      ...base,
      kind: 'incoming-expected',
      idempotencyKey: `positions[${index}]:incoming:${delivery.reference}`,
      incomingReference: delivery.reference,
      quantity: delivery.quantity,
      expectedAt: delivery.expectedAt,
    })),
  ];
  // Parsed by the model's own schema: a preview must only ever feed the model events it would accept live.
  return events.map((event) => InventoryEventSchema.parse(event));
}
