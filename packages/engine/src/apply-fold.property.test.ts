import { applyEvents, type InventoryEvent, type Position, positionKey, positionQuantities } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from './engine.ts';
import { connect, createTestEngine } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

const day = 86_400_000;
const locations = ['wh-1', 'wh-2'] as const;
let runs = 0;

/**
 * Two engines on one key prefix, both folding only two changes per script call (so a fold spreads over many
 * calls): `inTime` accepts events days old, `later` has a one-day horizon and folds everything older.
 */
function enginesAcrossTheHorizon(): { inTime: Engine; later: Engine } {
  runs += 1;
  const keyPrefix = `fold-${process.pid}-${runs}`;
  const inTime = createTestEngine(redis, { keyPrefix, maxFoldsPerApplyCall: 2 });
  const later = createTestEngine(redis, {
    keyPrefix,
    maxFoldsPerApplyCall: 2,
    settleHorizonMs: day,
    idempotencyRetentionMs: day,
  });
  return { inTime, later };
}

type Shape = { kind: 'receipt' | 'adjustment' | 'snapshot' | 'consumed'; amount: number; location: number };
const shapeArbitrary: fc.Arbitrary<Shape> = fc.record({
  kind: fc.constantFrom('receipt', 'adjustment', 'snapshot', 'consumed'),
  amount: fc.integer({ min: 1, max: 9 }),
  location: fc.integer({ min: 0, max: 1 }),
});

/** Events at times relative to the clock: `daysAgo` 3 is past the one-day horizon, 0 is in time for both engines. */
function eventOf(shape: Shape, index: number, daysAgo: number, now: number): InventoryEvent {
  const base = {
    idempotencyKey: `${daysAgo}-${index}`,
    source: 'erp',
    // Several events share a millisecond: the order among them is (sequence, key), as for the model.
    occurredAt: new Date(now - daysAgo * day - 3_600_000 + Math.floor(index / 3) * 1_000).toISOString(),
    sequence: index % 2,
    sku: 'SKU-A',
    location: locations[shape.location] ?? 'wh-1',
  };
  switch (shape.kind) {
    case 'receipt':
      return { ...base, kind: 'receipt', quantity: shape.amount };
    case 'adjustment':
      return {
        ...base,
        kind: 'adjustment',
        reason: 'correction',
        change: shape.amount % 2 === 0 ? shape.amount : -shape.amount,
      };
    case 'snapshot':
      return { ...base, kind: 'snapshot', quantities: { onHand: 20 + shape.amount, committed: shape.amount } };
    case 'consumed':
      // Two counters in one change (committed and on hand): a snapshot may cover one and leave the other.
      return { ...base, kind: 'reservation-consumed', orderReference: 'O', lineReference: `${index}`, quantity: 1 };
  }
}

/** Consecutive batches of the given sizes (cycled). */
function batches<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const result: T[][] = [];
  for (let start = 0, turn = 0; start < items.length; turn++) {
    const size = sizes[turn % sizes.length] ?? 1;
    result.push(items.slice(start, start + size));
    start += size;
  }
  return result;
}

async function deliver(engine: Engine, events: readonly InventoryEvent[], sizes: readonly number[]) {
  for (const batch of batches(events, sizes)) {
    const result = await engine.ingest({ connection: 'erp', events: batch });
    expect(result.rejections).toEqual([]);
  }
}

/** Recent receipts, one per call, until every change past the horizon is folded (two per call). */
const settlingReceipts = (count: number, now: number): InventoryEvent[] =>
  Array.from({ length: count }, (_, index) => ({
    kind: 'receipt' as const,
    idempotencyKey: `settle-${index}`,
    source: 'erp',
    occurredAt: new Date(now - 60_000 + index).toISOString(),
    sku: 'SKU-A',
    location: locations[index % 2] ?? 'wh-1',
    quantity: 1,
  }));

describe('folding in bounded steps (defect #23.1)', () => {
  it('delivery order and duplicates do not change the final quantities, before, during or after folding and settling', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(shapeArbitrary, { minLength: 1, maxLength: 30 }),
        fc.array(shapeArbitrary, { maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }),
        fc.infiniteStream(fc.integer({ min: 1, max: 3 })),
        fc.integer(),
        async (oldShapes, recentShapes, sizes, copies, seed) => {
          const now = Date.now();
          const old = oldShapes.map((shape, index) => eventOf(shape, index, 3, now));
          const recent = recentShapes.map((shape, index) => eventOf(shape, index, 0, now));
          const settling = settlingReceipts(old.length + 2, now);
          const random = seededShuffle(seed);
          const copied = (events: readonly InventoryEvent[]) =>
            events.flatMap((event) => Array.from({ length: copies.next().value ?? 1 }, () => event));

          // In order, once each: old changes while they are in time, then the recent ones, then settling.
          const ordered = enginesAcrossTheHorizon();
          for (const event of old) await deliver(ordered.inTime, [event], [1]);
          for (const event of [...recent, ...settling]) await deliver(ordered.later, [event], [1]);

          // Shuffled, duplicated, batched; old duplicates again after the fold has started, and after settling.
          const stormed = enginesAcrossTheHorizon();
          await deliver(stormed.inTime, random(copied(old)), sizes);
          await deliver(stormed.later, random([...copied(recent), ...old, ...settling.slice(0, 3)]), sizes);
          for (const event of settling.slice(3)) await deliver(stormed.later, [event], [1]);
          await deliver(stormed.later, random(copied([...old, ...recent])), sizes);

          const model = new Map<string, Position>();
          applyEvents(model, [...old, ...recent, ...settling]);
          for (const location of locations) {
            const expected = positionQuantities(model.get(positionKey('SKU-A', location)) ?? emptyAt(location));
            expect(await ordered.later.quantities('SKU-A', location)).toEqual(expected);
            expect(await stormed.later.quantities('SKU-A', location)).toEqual(expected);
            // Settled: nothing past the horizon is still pending, in either delivery.
            for (const engine of [ordered.later, stormed.later]) {
              const pending = Object.values((await engine.position('SKU-A', location))?.pending ?? {});
              expect(pending.filter((change) => change.at.timeMs < now - day)).toEqual([]);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 180_000);
});

function emptyAt(location: string): Position {
  return { sku: 'SKU-A', location, bases: {}, pending: {}, incomingDates: {} };
}

/** A deterministic shuffle from fast-check's seed, so a failing run replays. */
function seededShuffle(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
  return <T>(items: readonly T[]): T[] => {
    const shuffled = [...items];
    for (let index = shuffled.length - 1; index > 0; index--) {
      const other = Math.floor(next() * (index + 1));
      [shuffled[index], shuffled[other]] = [shuffled[other] as T, shuffled[index] as T];
    }
    return shuffled;
  };
}
