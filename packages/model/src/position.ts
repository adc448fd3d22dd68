import { type Counter, counterState } from './event-effects.ts';
import { compareEventOrder, type EventOrderKey } from './event-order.ts';
import { emptyQuantities, type QuantitiesByState } from './quantity-states.ts';

/** The last absolute value of one counter and the event it came from. */
export interface CounterBase {
  readonly value: number;
  readonly at: EventOrderKey;
}

/** A relative change that is not yet covered by a newer absolute value of every counter it touches. */
export interface PendingDelta {
  readonly at: EventOrderKey;
  readonly changes: Partial<Record<Counter, number>>;
}

/**
 * What we know of one SKU at one location, kept so that the order events arrive in does not matter: each
 * counter is its newest absolute value plus every relative change that happened after it. A redelivered event is
 * recognised by its key (while pending) or by being older than the absolute value that now covers it.
 */
export interface Position {
  readonly sku: string;
  readonly location: string;
  readonly bases: Readonly<Partial<Record<Counter, CounterBase>>>;
  /** Keyed by idempotency key. */
  readonly pending: Readonly<Record<string, PendingDelta>>;
  /** Expected date of each incoming reference, from its newest announcement. */
  readonly incomingDates: Readonly<Record<string, { readonly expectedAt: string; readonly at: EventOrderKey }>>;
}

export function emptyPosition(sku: string, location: string): Position {
  return { sku, location, bases: {}, pending: {}, incomingDates: {} };
}

/** Whether an absolute value of this counter already accounts for a change that happened at `at`. */
export function isCovered(position: Position, counter: Counter, at: EventOrderKey): boolean {
  const base = position.bases[counter];
  return base !== undefined && compareEventOrder(base.at, at) >= 0;
}

/** The value of every counter: newest absolute value plus the changes after it. */
export function counterValues(position: Position): Map<Counter, number> {
  const values = new Map<Counter, number>();
  for (const [counter, base] of Object.entries(position.bases) as Array<[Counter, CounterBase]>) {
    values.set(counter, base.value);
  }
  for (const delta of Object.values(position.pending)) {
    for (const [counter, change] of Object.entries(delta.changes) as Array<[Counter, number]>) {
      if (isCovered(position, counter, delta.at)) continue;
      values.set(counter, (values.get(counter) ?? 0) + change);
    }
  }
  return values;
}

/**
 * Quantities by state. Incoming sums the open expected deliveries (a delivery received in full, or over, counts
 * zero). Other states keep their sign: a negative on-hand is a real deficit worth seeing; sellable stock is
 * clamped where it is derived.
 */
export function positionQuantities(position: Position): QuantitiesByState {
  const quantities = emptyQuantities();
  for (const [counter, value] of counterValues(position)) {
    const state = counterState(counter);
    quantities[state] += state === 'incoming' ? Math.max(0, value) : value;
  }
  return quantities;
}

/** Open expected deliveries with their dates, soonest first. */
export function incomingSchedule(
  position: Position,
): Array<{ reference: string; quantity: number; expectedAt: string }> {
  const schedule: Array<{ reference: string; quantity: number; expectedAt: string }> = [];
  for (const [counter, value] of counterValues(position)) {
    if (!counter.startsWith('incoming:') || value <= 0) continue;
    const reference = counter.slice('incoming:'.length);
    const expectedAt = position.incomingDates[reference]?.expectedAt;
    if (expectedAt !== undefined) schedule.push({ reference, quantity: value, expectedAt });
  }
  return schedule.sort(
    (a, b) => Date.parse(a.expectedAt) - Date.parse(b.expectedAt) || (a.reference < b.reference ? -1 : 1),
  );
}
