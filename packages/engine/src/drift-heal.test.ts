import { type InventoryEvent, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from './engine.ts';
import { connect } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'warehouse', kind: 'warehouse' }],
  skus: [{ id: 'MUG' }],
  connections: { erp: { connector: 'file' }, store: { connector: 'shopify' } },
  authority: [{ connections: ['erp'], states: '*' }],
  channels: [{ id: 'web', connection: 'store', locations: ['warehouse'] }],
});

// A clock the test moves: a push is planned, sent and settled at different times, as in a runner.
const start = Date.UTC(2026, 10, 27, 12, 0, 0);
let clockMs = start;
const at = (seconds: number) => new Date(start + seconds * 1_000).toISOString();
let prefix = 0;
function engineWithClock(): Engine {
  prefix += 1;
  clockMs = start;
  return createEngine({
    redis,
    configuration,
    options: { keyPrefix: `drift-heal-${process.pid}-${prefix}`, settleHorizonMs: 3e12, idempotencyRetentionMs: 3e12 },
    now: () => new Date(clockMs),
  });
}
const stock = (onHand: number): InventoryEvent => ({
  kind: 'snapshot',
  idempotencyKey: `stock-${onHand}`,
  source: 'erp',
  occurredAt: at(0),
  sku: 'MUG',
  location: 'warehouse',
  quantities: { onHand },
});
const storeShows = (engine: Engine, available: number, observedAt: string) =>
  engine.ingest({
    connection: 'store',
    records: [{ sku: 'MUG', location: 'warehouse', quantities: { available }, observedAt }],
  });
/** Plans at `plannedAt` (seconds), the vendor takes it, and it is settled at `settledAt`. */
async function pushAll(engine: Engine, plannedAt: number, settledAt: number) {
  clockMs = start + plannedAt * 1_000;
  const plan = await engine.planPush('store', 10);
  clockMs = start + settledAt * 1_000;
  await engine.settlePush(
    'store',
    plan,
    plan.items.map((item) => ({ key: item.key, outcome: 'written' as const })),
  );
  return plan;
}
const mugDrifts = async (engine: Engine) => (await engine.drifts()).filter((drift) => drift.sku === 'MUG');

describe('a drift and the push that heals it (#13.1)', () => {
  it('stays open while the heal is only accepted, and closes when the channel is seen showing it — an echo the vendor stamped to the second, before the push was settled', async () => {
    const engine = engineWithClock();
    await engine.ingest({ connection: 'erp', events: [stock(5)] });
    await pushAll(engine, 1, 1);
    // Someone sets the store to 3 in the admin.
    clockMs = start + 60_000;
    await storeShows(engine, 3, at(60));
    expect(await mugDrifts(engine)).toEqual([expect.objectContaining({ expected: 5, actual: 3, since: at(60) })]);

    // The heal goes out at 120.4 s and is settled at 120.9 s: the vendor took it, nobody has seen it yet.
    const heal = await pushAll(engine, 120.4, 120.9);
    expect(heal.items).toEqual([expect.objectContaining({ quantity: 5, expectedRemote: 3 })]);
    expect(await mugDrifts(engine)).toEqual([expect.objectContaining({ actual: 3 })]);
    // A late report of the admin edit, from before the heal was sent, is stale: it neither closes nor moves it.
    const late = await storeShows(engine, 3, at(90));
    expect(late.reconciliation).toMatchObject({ stale: 1, pushesScheduled: 0 });
    expect(await engine.dirtyCount('store')).toBe(0);

    // The echo: stamped 120 s (whole seconds, before the plan's 120.4 s), showing what we pushed.
    const echo = await storeShows(engine, 5, at(120));
    expect(echo.reconciliation).toMatchObject({ inSync: 1, stale: 0, drifts: [] });
    expect(await mugDrifts(engine)).toEqual([]);
    expect((await engine.status('MUG', 'web')).remote).toMatchObject({ quantity: 5 });
  });

  it('takes a millisecond-stamped echo between plan and settle as the echo, and a report of another value then as drift', async () => {
    const engine = engineWithClock();
    await engine.ingest({ connection: 'erp', events: [stock(5)] });
    await pushAll(engine, 1, 1);
    await storeShows(engine, 3, at(60));
    await pushAll(engine, 120.4, 120.9);
    expect((await storeShows(engine, 5, at(120.6))).reconciliation).toMatchObject({ inSync: 1, drifts: [] });
    expect(await mugDrifts(engine)).toEqual([]);

    // Another app keeps setting the store: each heal is taken, and each next look finds it changed again.
    clockMs = start + 180_000;
    await storeShows(engine, 2, at(180));
    await pushAll(engine, 181, 181);
    clockMs = start + 240_000;
    await storeShows(engine, 1, at(240));
    // One drift, open since it was first seen (an operator's alert counts its age), showing the latest value.
    expect(await mugDrifts(engine)).toEqual([expect.objectContaining({ expected: 5, actual: 1, since: at(180) })]);
  });
});
