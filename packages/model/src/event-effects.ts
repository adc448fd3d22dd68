import type { InventoryEvent } from './events.ts';
import type { QuantityState } from './quantity-states.ts';

/**
 * A counter is a quantity state, or `incoming:<reference>` for one expected delivery. Incoming is kept per
 * reference because purchase orders are announced and received independently of each other.
 */
export type Counter = Exclude<QuantityState, 'incoming'> | `incoming:${string}`;

export function incomingCounter(reference: string): Counter {
  return `incoming:${reference}`;
}

export function counterState(counter: Counter): QuantityState {
  return counter.startsWith('incoming:') ? 'incoming' : (counter as QuantityState);
}

/** What one event does to one SKU × location: relative changes, absolute values, or both. */
export interface PositionEffect {
  readonly sku: string;
  readonly location: string;
  readonly changes: Partial<Record<Counter, number>>;
  readonly absolute: Partial<Record<Counter, number>>;
  /** Expected dates of incoming references this effect announces. */
  readonly incomingDates: Partial<Record<string, string>>;
}

function effect(
  sku: string,
  location: string,
  changes: Partial<Record<Counter, number>>,
  absolute: Partial<Record<Counter, number>> = {},
  incomingDates: Partial<Record<string, string>> = {},
): PositionEffect {
  return { sku, location, changes, absolute, incomingDates };
}

const holdCounters = {
  damaged: 'damaged',
  qualityControl: 'qualityControl',
  reserved: 'reserved',
  safetyStock: 'safetyStock',
} as const;

/**
 * Each event touches exactly the counters of the concern its source owns: a WMS reports shipments (on hand), a
 * store reports that an order's hold is consumed (committed). When one system is both, its connector emits both
 * events. This keeps authority checks exact and prevents the same parcel from leaving on-hand twice.
 */
export function eventEffects(event: InventoryEvent): PositionEffect[] {
  const { sku, location } = event;
  switch (event.kind) {
    case 'receipt': {
      const changes: Partial<Record<Counter, number>> = { onHand: event.quantity };
      if (event.incomingReference !== undefined) changes[incomingCounter(event.incomingReference)] = -event.quantity;
      return [effect(sku, location, changes)];
    }
    case 'shipment':
      return [effect(sku, location, { onHand: -event.quantity })];
    case 'adjustment':
      return [effect(sku, location, { onHand: event.change })];
    case 'cycle-count':
      return [effect(sku, location, {}, { onHand: event.counted })];
    case 'transfer-out':
      return [
        effect(sku, location, { onHand: -event.quantity }),
        effect(sku, event.destination, { inTransit: event.quantity }),
      ];
    case 'transfer-in':
      return [effect(sku, location, { inTransit: -event.quantity, onHand: event.quantity })];
    case 'reservation-created':
      return [effect(sku, location, { committed: event.quantity })];
    case 'reservation-released':
    case 'reservation-consumed':
      return [effect(sku, location, { committed: -event.quantity })];
    case 'return-received':
      switch (event.disposition) {
        case 'restock':
          return [effect(sku, location, { onHand: event.quantity })];
        case 'quarantine':
          return [effect(sku, location, { onHand: event.quantity, qualityControl: event.quantity })];
        case 'refurbish':
          return [effect(sku, location, { onHand: event.quantity, damaged: event.quantity })];
        case 'dispose':
          // Recorded for the ledger; nothing comes back into the building.
          return [effect(sku, location, {})];
      }
      break;
    case 'state-move': {
      const changes: Partial<Record<Counter, number>> = {};
      if (event.from !== 'available' && event.from !== 'disposed') changes[holdCounters[event.from]] = -event.quantity;
      if (event.to === 'disposed') changes.onHand = -event.quantity;
      else if (event.to !== 'available') changes[holdCounters[event.to]] = event.quantity;
      return [effect(sku, location, changes)];
    }
    case 'incoming-expected':
      return [
        effect(
          sku,
          location,
          {},
          { [incomingCounter(event.incomingReference)]: event.quantity },
          { [event.incomingReference]: event.expectedAt },
        ),
      ];
    case 'snapshot':
      return [effect(sku, location, {}, { ...event.quantities })];
  }
  throw new Error(`unhandled event kind ${(event as { kind: string }).kind}`);
}

/** The (SKU, location, state) triples an event touches, for authority checks. */
export function touchedStates(event: InventoryEvent): Array<{ sku: string; location: string; state: QuantityState }> {
  const touched: Array<{ sku: string; location: string; state: QuantityState }> = [];
  for (const positionEffect of eventEffects(event)) {
    const counters = new Set([...Object.keys(positionEffect.changes), ...Object.keys(positionEffect.absolute)]);
    for (const counter of counters) {
      touched.push({
        sku: positionEffect.sku,
        location: positionEffect.location,
        state: counterState(counter as Counter),
      });
    }
  }
  return touched;
}
