import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvents } from './apply-event.ts';
import { InventoryEventSchema } from './events.ts';
import { incomingSchedule, type Position, positionQuantities } from './position.ts';
import { eventListArbitrary } from './testing/arbitraries.ts';

/** What a position means, independent of how it is stored. */
function meaning(positions: Map<string, Position>) {
  const entries = [...positions.entries()]
    .map(
      ([key, position]) =>
        [key, { quantities: positionQuantities(position), incoming: incomingSchedule(position) }] as const,
    )
    .filter(
      ([, value]) => Object.values(value.quantities).some((quantity) => quantity !== 0) || value.incoming.length > 0,
    )
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return Object.fromEntries(entries);
}

function run(events: Iterable<Parameters<typeof applyEvents>[1] extends Iterable<infer E> ? E : never>) {
  const positions = new Map<string, Position>();
  applyEvents(positions, events);
  return meaning(positions);
}

describe('applying events (property-based)', () => {
  it('the generated events are valid canonical events', () => {
    fc.assert(
      fc.property(eventListArbitrary(), (events) => {
        for (const event of events) expect(InventoryEventSchema.safeParse(event).success).toBe(true);
      }),
    );
  });

  it('applying an event twice equals applying it once', () => {
    fc.assert(
      fc.property(eventListArbitrary(), fc.array(fc.nat()), (events, duplicateIndexes) => {
        const withDuplicates = [...events];
        for (const index of duplicateIndexes) {
          const event = events[index % events.length]!;
          withDuplicates.splice(index % (withDuplicates.length + 1), 0, event);
        }
        expect(run(withDuplicates)).toEqual(run(events));
      }),
    );
  });

  it('delivery order does not matter: any permutation gives the same quantities', () => {
    fc.assert(
      fc.property(
        eventListArbitrary().chain((events) =>
          fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length })),
        ),
        ([ordered, shuffled]) => {
          expect(run(shuffled)).toEqual(run(ordered));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('delivered three times and shuffled equals one ordered delivery', () => {
    fc.assert(
      fc.property(
        eventListArbitrary().chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.shuffledSubarray([...events, ...events, ...events], { minLength: events.length * 3 }),
          ),
        ),
        ([ordered, storm]) => {
          expect(run(storm)).toEqual(run(ordered));
        },
      ),
    );
  });

  it('deltas commute: relative changes alone sum the same in any order', () => {
    const deltasOnly = eventListArbitrary().map((events) =>
      events.filter(
        (event) => event.kind !== 'snapshot' && event.kind !== 'cycle-count' && event.kind !== 'incoming-expected',
      ),
    );
    fc.assert(
      fc.property(
        deltasOnly.chain((events) =>
          fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length })),
        ),
        ([a, b]) => {
          expect(run(b)).toEqual(run(a));
        },
      ),
    );
  });
});
