import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvents, positionKey } from './apply-event.ts';
import type { InventoryEvent } from './events.ts';
import { type Position, positionQuantities } from './position.ts';

const minute = (value: number) => new Date(Date.UTC(2026, 10, 27, 0, value)).toISOString();
const where = { source: 'erp', sku: 'SKU-1', location: 'wh-1' } as const;

const adjustments = fc.array(
  fc.record({ at: fc.integer({ min: 0, max: 59 }), change: fc.integer({ min: -5, max: 5 }).filter((v) => v !== 0) }),
  { maxLength: 20 },
);

function onHandAfter(events: InventoryEvent[]): number {
  const positions = new Map<string, Position>();
  applyEvents(positions, events);
  const position = positions.get(positionKey(where.sku, where.location));
  return position === undefined ? 0 : positionQuantities(position).onHand;
}

describe('authority snapshots (property-based)', () => {
  it('an authority snapshot dominates older deltas: the result is the snapshot plus only the later deltas', () => {
    fc.assert(
      fc.property(
        adjustments,
        fc.integer({ min: 0, max: 59 }),
        fc.nat({ max: 100 }),
        fc.nat(),
        (changes, snapshotAt, value, seed) => {
          const deltas: InventoryEvent[] = changes.map((change, index) => ({
            ...where,
            kind: 'adjustment',
            idempotencyKey: `adj-${index}`,
            occurredAt: minute(change.at),
            sequence: 1,
            change: change.change,
            reason: 'correction',
          }));
          // sequence 2 puts the snapshot after deltas stamped in the same minute.
          const snapshot: InventoryEvent = {
            ...where,
            kind: 'snapshot',
            idempotencyKey: 'snap',
            occurredAt: minute(snapshotAt),
            sequence: 2,
            quantities: { onHand: value },
          };
          const all = [...deltas, snapshot];
          const shuffled = fc.sample(fc.shuffledSubarray(all, { minLength: all.length }), { numRuns: 1, seed })[0]!;
          const later = changes
            .filter((change) => change.at > snapshotAt)
            .reduce((sum, change) => sum + change.change, 0);
          expect(onHandAfter(shuffled)).toBe(value + later);
        },
      ),
    );
  });

  it('a snapshot older than what was applied is ignored, in whichever order the two arrive', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 58 }),
        fc.integer({ min: 1, max: 59 }),
        fc.nat({ max: 100 }),
        fc.nat({ max: 100 }),
        fc.boolean(),
        (olderAt, gap, olderValue, newerValue, newerFirst) => {
          const newerAt = Math.min(59, olderAt + gap);
          fc.pre(newerAt > olderAt);
          const older: InventoryEvent = {
            ...where,
            kind: 'snapshot',
            idempotencyKey: 'older',
            occurredAt: minute(olderAt),
            quantities: { onHand: olderValue },
          };
          const newer: InventoryEvent = {
            ...where,
            kind: 'snapshot',
            idempotencyKey: 'newer',
            occurredAt: minute(newerAt),
            quantities: { onHand: newerValue },
          };
          expect(onHandAfter(newerFirst ? [newer, older] : [older, newer])).toBe(newerValue);
        },
      ),
    );
  });
});
