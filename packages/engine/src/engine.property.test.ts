import {
  applyEvents,
  buildCatalog,
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
import { connect, createTestEngine, fixedNow, testConfiguration } from './test-support/engine-fixture.ts';

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
          for (const event of ordered) await once.ingest([event]);
          for (const batch of batches(storm, batchSizes)) await thrice.ingest(batch);

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
});
