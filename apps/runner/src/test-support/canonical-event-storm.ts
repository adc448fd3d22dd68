import { seededRandom as seededUnit } from '@stockwire/testing';
import { worldSkus } from './sync-world.ts';

/** A deterministic pseudo-random source (the same seed gives the same story), in [0, limit). */
export function seededRandom(seed: number): (limit: number) => number {
  const unit = seededUnit(seed);
  return (limit) => Math.floor(unit() * limit);
}

const worldLocations = ['wh-1', 'wh-2'] as const;

/**
 * Canonical events from the WMS over the sync world's SKUs and warehouses: deltas and absolute values (counts,
 * snapshots) mixed, over few instants, so that events collide in time, SKU and location — where ordering bugs live.
 * Listed in the order they happened.
 */
export function canonicalEvents(count: number, seed: number): Array<Record<string, unknown>> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[random(items.length)] as T;
  const quantity = () => 1 + random(20);
  const details: Array<() => Record<string, unknown>> = [
    () => ({ kind: 'receipt', quantity: quantity() }),
    () => ({ kind: 'shipment', quantity: quantity() }),
    () => ({ kind: 'adjustment', change: pick([-1, 1]) * (1 + random(10)), reason: 'correction' }),
    () => ({ kind: 'cycle-count', counted: random(60) }),
    () => ({ kind: 'reservation-created', orderReference: 'O-1', lineReference: '1', quantity: quantity() }),
    () => ({
      kind: 'reservation-released',
      orderReference: 'O-1',
      lineReference: '1',
      quantity: quantity(),
      reason: 'cancelled',
    }),
    () => ({ kind: 'snapshot', quantities: { onHand: random(60), committed: random(8) } }),
  ];
  const minutes = Math.max(1, Math.floor(count / 3));
  const events = Array.from({ length: count }, (_, index) => ({
    idempotencyKey: `wms/storm-${seed}-${index}`,
    source: 'wms',
    occurredAt: new Date(Date.UTC(2026, 10, 27, 8, 0) + random(minutes) * 60_000).toISOString(),
    sku: pick(worldSkus),
    location: pick(worldLocations),
    ...pick(details)(),
  }));
  return events.sort((left, right) => left.occurredAt.localeCompare(right.occurredAt));
}

/** Every event three times, shuffled, cut into batches of 1 to 12. */
export function tripledAndShuffled<T>(events: readonly T[], seed: number): T[][] {
  const random = seededRandom(seed);
  const storm = [...events, ...events, ...events];
  for (let index = storm.length - 1; index > 0; index--) {
    const other = random(index + 1);
    [storm[index], storm[other]] = [storm[other] as T, storm[index] as T];
  }
  const batches: T[][] = [];
  for (let start = 0; start < storm.length; ) {
    const size = 1 + random(12);
    batches.push(storm.slice(start, start + size));
    start += size;
  }
  return batches;
}
