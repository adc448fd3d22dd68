import {
  applyEvents,
  type InventoryEvent,
  type Position,
  positionKey,
  positionQuantities,
  StockwireConfigurationSchema,
} from '@stockwire/model';
import { eventListArbitrary, locationIds, skuIds } from '@stockwire/model/testing';
import { useRedisServer } from '@stockwire/testing';
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyWithEarlierLayout } from './test-support/earlier-layout-apply.ts';
import { connect, createTestEngine, testConfiguration } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

let prefixCounter = 0;
const freshPrefix = () => `earlier-${process.pid}-${++prefixCounter}`;
const earlierKeysOf = (keyPrefix: string, sku: string, locations: readonly string[]) => [
  `{${keyPrefix}:sku:${sku}}:version`,
  ...locations.map((location) => `{${keyPrefix}:sku:${sku}}:position:${location}`),
];

function inBatches<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

describe('state written by the release before the per-SKU state hash', () => {
  it('a history applied partly by the earlier release and the rest (and all again) by this one ends where this release alone ends — and where the model ends', async () => {
    await fc.assert(
      fc.asyncProperty(
        eventListArbitrary(20).chain((events) =>
          fc.tuple(fc.constant(events), fc.nat({ max: events.length }), fc.integer({ min: 1, max: 8 })),
        ),
        async ([events, split, batchSize]) => {
          const keyPrefix = freshPrefix();
          const earlier = events.slice(0, split);
          for (const batch of inBatches(earlier, batchSize)) {
            await applyWithEarlierLayout(redis, keyPrefix, batch, locationIds);
          }
          const upgraded = createTestEngine(redis, { keyPrefix });
          const alone = createTestEngine(redis);
          // Read as the earlier release left it, before any call of this release moved it.
          const earlierModel = new Map<string, Position>();
          applyEvents(earlierModel, earlier);
          for (const sku of skuIds) {
            for (const location of locationIds) {
              const expected = earlierModel.get(positionKey(sku, location));
              if (expected !== undefined) {
                expect(await upgraded.quantities(sku, location)).toEqual(positionQuantities(expected));
              }
            }
          }
          for (const batch of inBatches(events.slice(split), batchSize)) {
            await upgraded.ingest({ connection: '', events: batch });
          }
          // Every event again: each was remembered, whichever release applied it.
          for (const batch of inBatches(events, batchSize)) {
            const result = await upgraded.ingest({ connection: '', events: batch });
            expect(result.outcomes.every((outcome) => outcome === 'duplicate')).toBe(true);
          }
          for (const batch of inBatches(events, batchSize)) await alone.ingest({ connection: '', events: batch });

          const model = new Map<string, Position>();
          applyEvents(model, events);
          for (const sku of skuIds) {
            for (const location of locationIds) {
              const expected = model.get(positionKey(sku, location));
              const quantities = await upgraded.quantities(sku, location);
              expect(quantities).toEqual(await alone.quantities(sku, location));
              if (expected !== undefined) expect(quantities).toEqual(positionQuantities(expected));
              // The same absolute values, pending changes one by one and incoming dates.
              expect(await upgraded.position(sku, location)).toEqual(await alone.position(sku, location));
            }
            // The same channel quantities (versions count apply calls, which the two histories made differently).
            const channelRows = async (engine: typeof alone) =>
              (await engine.compute(sku)).map((row) => `${row.channel}=${row.quantity}:${row.status}`);
            expect(await channelRows(upgraded)).toEqual(await channelRows(alone));
            // Moved: nothing of the earlier layout is left for a SKU this release applied events to.
            if (events.some((event) => event.sku === sku)) {
              expect(await redis.exists(...earlierKeysOf(keyPrefix, sku, locationIds))).toBe(0);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  // wh-3 is a location no channel sells from: a call never reads it, so only the move can carry it over.
  const configuration = StockwireConfigurationSchema.parse({
    ...testConfiguration,
    locations: [...testConfiguration.locations, { id: 'wh-3', kind: 'warehouse' }],
  });
  const channelLocations = ['wh-1', 'wh-2', 'store-1'];
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 9, minute)).toISOString();
  const receipt = (key: string, sku: string, location: string, quantity: number, minute: number): InventoryEvent => ({
    kind: 'receipt',
    idempotencyKey: key,
    source: 'erp',
    occurredAt: at(minute),
    sku,
    location,
    quantity,
  });
  const snapshot = (key: string, sku: string, location: string, onHand: number, minute: number): InventoryEvent => ({
    kind: 'snapshot',
    idempotencyKey: key,
    source: 'erp',
    occurredAt: at(minute),
    sku,
    location,
    quantities: { onHand },
  });

  it('moves every configured location of a SKU on its first apply — also one no channel reads — and keeps its version, ledger and remembered keys', async () => {
    const keyPrefix = freshPrefix();
    const history = [
      snapshot('count-1', 'SKU-A', 'wh-1', 10, 0),
      receipt('plus-3', 'SKU-A', 'wh-1', 3, 1),
      snapshot('count-3', 'SKU-A', 'wh-3', 5, 2),
      receipt('plus-2', 'SKU-A', 'wh-3', 2, 3),
    ];
    const earlierCodes = await applyWithEarlierLayout(redis, keyPrefix, history, channelLocations);
    expect([...earlierCodes.values()].join('')).toBe('aaaa');
    const stateKey = `{${keyPrefix}:sku:SKU-A}:state`;
    const earlierVersion = Number(await redis.get(`{${keyPrefix}:sku:SKU-A}:version`));
    const ledgerHead = (await redis.lindex(`{${keyPrefix}:sku:SKU-A}:ledger`, 0))?.split('|')[0];
    const engine = createTestEngine(redis, { keyPrefix }, configuration);
    expect((await engine.quantities('SKU-A', 'wh-3')).onHand).toBe(7);

    const result = await engine.ingest({ connection: 'erp', events: [receipt('plus-1', 'SKU-A', 'wh-1', 1, 4)] });
    expect(result.outcomes).toEqual(['applied']);
    expect((await engine.quantities('SKU-A', 'wh-1')).onHand).toBe(14);
    expect((await engine.quantities('SKU-A', 'wh-3')).onHand).toBe(7);
    expect(await redis.exists(...earlierKeysOf(keyPrefix, 'SKU-A', ['wh-1', 'wh-2', 'store-1', 'wh-3']))).toBe(0);
    expect(await redis.hmget(stateKey, 'format', 'version', 'ledger-head')).toEqual([
      '2',
      String(earlierVersion + 1),
      ledgerHead,
    ]);
    const oldestSeen = (await redis.zrange(`{${keyPrefix}:sku:SKU-A}:seen`, '0', '0', 'WITHSCORES'))[1];
    expect(await redis.hget(stateKey, 'seen-oldest')).toBe(oldestSeen);
    expect((await engine.ledger('SKU-A', 10)).map((entry) => entry.event.idempotencyKey)).toEqual([
      'plus-1',
      'plus-2',
      'count-3',
      'plus-3',
      'count-1',
    ]);
    // The earlier release's events are still remembered and still pending where they were.
    const again = await engine.ingest({ connection: 'erp', events: history });
    expect(again.outcomes).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(Object.keys((await engine.position('SKU-A', 'wh-3'))?.pending ?? {})).toEqual(['plus-2']);
    // A newer count at wh-3 covers the change the earlier release left pending there.
    await engine.ingest({ connection: 'erp', events: [snapshot('count-3b', 'SKU-A', 'wh-3', 20, 5)] });
    expect((await engine.quantities('SKU-A', 'wh-3')).onHand).toBe(20);
  });

  it('reconciles, plans and settles a SKU the earlier release stored, from its quantities', async () => {
    const keyPrefix = freshPrefix();
    await applyWithEarlierLayout(redis, keyPrefix, [snapshot('count-b', 'SKU-B', 'wh-1', 8, 0)], channelLocations);
    const engine = createTestEngine(redis, { keyPrefix }, configuration);
    // The authority shows what the earlier release stored: in sync (compared with the quantities read as stored).
    expect(await redis.exists(`{${keyPrefix}:sku:SKU-B}:version`)).toBe(1);
    const inSync = await engine.reconcile('erp', [
      { sku: 'SKU-B', location: 'wh-1', quantities: { onHand: 8 }, observedAt: at(10) },
    ]);
    expect(inSync).toMatchObject({ drifts: [], inSync: 1 });
    // It shows 6: a drift, healed by a snapshot this release applies.
    const healed = await engine.reconcile('erp', [
      { sku: 'SKU-B', location: 'wh-1', quantities: { onHand: 6 }, observedAt: at(11) },
    ]);
    expect(healed.drifts.map((drift) => [drift.expected, drift.actual, drift.cause])).toEqual([
      [8, 6, 'missed-events'],
    ]);
    expect(await redis.exists(`{${keyPrefix}:sku:SKU-B}:version`)).toBe(0);
    expect((await engine.quantities('SKU-B', 'wh-1')).onHand).toBe(6);
    // web: 6 - buffer 1.
    const plan = await engine.planPush('store', 100);
    const item = plan.items.find((entry) => entry.sku === 'SKU-B' && entry.channel === 'web');
    expect(item?.quantity).toBe(5);
    const settled = await engine.settlePush(
      'store',
      plan,
      plan.items.map((entry) => ({ key: entry.key, outcome: 'written' as const })),
    );
    expect(settled.written).toBe(plan.items.length);
    expect((await engine.status('SKU-B', 'web')).pushed?.quantity).toBe(5);
  });
});
