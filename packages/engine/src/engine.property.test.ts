import {
  applyEvents,
  buildCatalog,
  eventEffects,
  type InventoryEvent,
  type Position,
  positionKey,
  positionQuantities,
  projectChannels,
} from '@stockwire/model';
import { eventListArbitrary, locationIds, skuIds } from '@stockwire/model/testing';
import { useRedisServer } from '@stockwire/testing';
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  createEnginesAcrossTheHorizon,
  createTestEngine,
  fixedNow,
  testConfiguration,
} from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

/** Splits a list into consecutive batches of random sizes. */
function batches<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const result: T[][] = [];
  let start = 0;
  let index = 0;
  while (start < items.length) {
    const size = Math.max(1, sizes[index % Math.max(1, sizes.length)] ?? 1);
    result.push(items.slice(start, start + size));
    start += size;
    index += 1;
  }
  return result;
}

describe('engine on real Redis (property-based)', () => {
  it('every event delivered three times, shuffled and batched gives the same state and channel quantities as one ordered delivery — and as the model', async () => {
    const catalog = buildCatalog(testConfiguration);
    await fc.assert(
      fc.asyncProperty(
        eventListArbitrary(25).chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.shuffledSubarray([...events, ...events, ...events], { minLength: events.length * 3 }),
            fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 }),
          ),
        ),
        async ([ordered, storm, batchSizes]) => {
          const once = createTestEngine(redis);
          const thrice = createTestEngine(redis);
          for (const event of ordered) await once.ingest({ connection: '', events: [event] });
          for (const batch of batches(storm, batchSizes)) await thrice.ingest({ connection: '', events: batch });

          const modelPositions = new Map<string, Position>();
          applyEvents(modelPositions, ordered);
          for (const sku of skuIds) {
            for (const location of locationIds) {
              const expected = modelPositions.get(positionKey(sku, location));
              const expectedQuantities =
                expected === undefined ? await once.quantities('none', location) : positionQuantities(expected);
              expect(await once.quantities(sku, location)).toEqual(expectedQuantities);
              expect(await thrice.quantities(sku, location)).toEqual(expectedQuantities);
            }
          }
          const expectedChannels = projectChannels(catalog, testConfiguration.channels, modelPositions, fixedNow).map(
            (row) => `${row.channel}/${row.sku}=${row.quantity}:${row.status}`,
          );
          const fromEngine = async (engine: typeof once) => {
            const rows = [];
            for (const sku of catalog.skus.keys()) rows.push(...(await engine.compute(sku)));
            return rows.map((row) => `${row.channel}/${row.sku}=${row.quantity}:${row.status}`).sort();
          };
          expect(await fromEngine(once)).toEqual([...expectedChannels].sort());
          expect(await fromEngine(thrice)).toEqual([...expectedChannels].sort());
          for (const sku of catalog.skus.keys()) {
            for (const channel of ['web', 'market']) {
              expect((await thrice.status(sku, channel)).computed?.quantity).toBe(
                (await once.status(sku, channel)).computed?.quantity,
              );
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  }, 120_000);

  it('relative changes delivered in any order and folded past the settle horizon give the pure model’s result; one arriving after the fold is refused visibly, never lost silently', async () => {
    const isRelative = (event: InventoryEvent) =>
      eventEffects(event).every((effect) => Object.keys(effect.absolute).length === 0);
    await fc.assert(
      fc.asyncProperty(
        eventListArbitrary(25).chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.shuffledSubarray([...events, ...events], { minLength: events.length * 2 }),
            fc.array(fc.boolean(), { minLength: events.length, maxLength: events.length }),
            fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 }),
          ),
        ),
        async ([ordered, storm, withholding, batchSizes]) => {
          // Some relative changes are held back until after the fold: they arrive already older than the horizon.
          const withheld = new Set(
            ordered.filter((event, index) => withholding[index] && isRelative(event)).map((e) => e.idempotencyKey),
          );
          const { inTime, later } = createEnginesAcrossTheHorizon(redis);
          const early = storm.filter((event) => !withheld.has(event.idempotencyKey));
          for (const batch of batches(early, batchSizes)) await inTime.ingest({ connection: '', events: batch });
          // Days later, one recent change per position folds everything older into the absolute values.
          const occurredAt = new Date().toISOString();
          const folds: InventoryEvent[] = skuIds.flatMap((sku) =>
            locationIds.map((location) => ({
              kind: 'receipt' as const,
              idempotencyKey: `fold-${sku}-${location}`,
              source: 'erp',
              occurredAt,
              sku,
              location,
              quantity: 1,
            })),
          );
          expect((await later.ingest({ connection: '', events: folds })).rejections).toEqual([]);
          const refused = new Set<string>();
          const late = storm.filter((event) => withheld.has(event.idempotencyKey));
          for (const batch of batches(late, batchSizes)) {
            for (const rejection of (await later.ingest({ connection: '', events: batch })).rejections) {
              expect(rejection.reason).toBe('older-than-settle-horizon');
              refused.add((rejection.input as InventoryEvent).idempotencyKey);
            }
          }
          const modelPositions = new Map<string, Position>();
          applyEvents(modelPositions, [...ordered.filter((event) => !refused.has(event.idempotencyKey)), ...folds]);
          for (const sku of skuIds) {
            for (const location of locationIds) {
              const expected = modelPositions.get(positionKey(sku, location));
              const expectedQuantities =
                expected === undefined ? await later.quantities('none', location) : positionQuantities(expected);
              expect(await later.quantities(sku, location)).toEqual(expectedQuantities);
              // Folded: nothing older than the horizon is still pending.
              const pending = Object.keys((await later.position(sku, location))?.pending ?? {});
              expect(pending.every((key) => key.startsWith('fold-'))).toBe(true);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
