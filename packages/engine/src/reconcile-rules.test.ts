import { type InventoryEvent, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from './engine.ts';
import { connect, createTestEngine, fixedNow } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

// The store counts CASE in cases of 12; Amazon's FBA channel publishes its own numbers (publish: false).
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'warehouse', kind: 'warehouse' },
    { id: 'fba', kind: 'marketplace-fulfilled' },
  ],
  skus: [{ id: 'CASE', units: [{ connection: 'store', unit: 'case', unitsPer: 12 }] }, { id: 'MUG' }],
  connections: { erp: { connector: 'file' }, store: { connector: 'shopify' }, amazon: { connector: 'amazon' } },
  authority: [
    { connections: ['amazon'], locations: ['fba'], states: '*' },
    { connections: ['erp'], states: '*' },
  ],
  channels: [
    { id: 'web', connection: 'store', locations: ['warehouse'] },
    { id: 'amazon-fba', connection: 'amazon', locations: ['fba'], publish: false },
  ],
});

const stock = (key: string, sku: string, onHand: number): InventoryEvent => ({
  kind: 'snapshot',
  idempotencyKey: key,
  source: 'erp',
  occurredAt: '2026-11-27T09:00:00Z',
  sku,
  location: 'warehouse',
  quantities: { onHand },
});
/** Relative to the test clock's "now", when pushes are settled. */
const at = (minute: number) => new Date(fixedNow.getTime() + minute * 60_000).toISOString();
const record = (sku: string, available: number, observedAt: string, location = 'warehouse') => ({
  sku,
  location,
  quantities: { available },
  observedAt,
});
const pushEverything = async (engine: Engine, connection = 'store') => {
  const plan = await engine.planPush(connection, 10);
  await engine.settlePush(
    connection,
    plan,
    plan.items.map((item) => ({ key: item.key, outcome: 'written' as const })),
  );
  return plan;
};

describe('reconcile', () => {
  it('compares a case-pack record in the connection’s unit: 14 cases pushed, 168 units read back is in sync (defect #13.4)', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest({ connection: 'erp', events: [stock('s1', 'CASE', 170)] });
    const plan = await pushEverything(engine);
    expect(plan.items).toEqual([expect.objectContaining({ quantity: 14 })]);
    const result = await engine.reconcile('store', [record('CASE', 168, at(1))]);
    expect(result).toMatchObject({ drifts: [], inSync: 1, pushesScheduled: 0 });
    expect(await engine.dirtyCount('store')).toBe(0);
    // A real difference is reported in cases too.
    const drifted = await engine.reconcile('store', [record('CASE', 120, at(2))]);
    expect(drifted.drifts).toEqual([expect.objectContaining({ expected: 14, actual: 10, cause: 'changed-on-remote' })]);
  });

  it('never lets a report older than the newest observation or than our push replace them or schedule a push (defect #13.5)', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest({ connection: 'erp', events: [stock('s1', 'MUG', 5)] });
    await pushEverything(engine);
    // Observed before our push (a delayed webhook): stale.
    const beforePush = await engine.reconcile('store', [record('MUG', 9, at(-10))]);
    expect(beforePush).toMatchObject({ drifts: [], stale: 1, pushesScheduled: 0 });
    expect((await engine.status('MUG', 'web')).pushed).toMatchObject({ quantity: 5 });
    // A newer echo, then a report observed between the push and that echo: stale too.
    await engine.reconcile('store', [record('MUG', 5, at(3))]);
    const between = await engine.ingest({ connection: 'store', records: [record('MUG', 2, at(2))] });
    expect(between.reconciliation).toMatchObject({ drifts: [], stale: 1, pushesScheduled: 0 });
    expect(between.dirtyConnections).toEqual([]);
    expect((await engine.status('MUG', 'web')).remote).toMatchObject({ quantity: 5, observedAt: at(3) });
    expect(await engine.dirtyCount('store')).toBe(0);
    expect(await engine.drifts()).toEqual([]);
    // A newer report that differs is drift, healed by a push.
    const newer = await engine.ingest({ connection: 'store', records: [record('MUG', 2, at(4))] });
    expect(newer.reconciliation?.drifts).toEqual([expect.objectContaining({ expected: 5, actual: 2 })]);
    expect(newer.dirtyConnections).toEqual(['store']);
  });

  it('records what an unpublished channel shows without recording or scheduling a push, and never calls it never-pushed (defect #13.3)', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    const result = await engine.reconcile('amazon', [
      { sku: 'MUG', location: 'fba', quantities: { onHand: 6, available: 6 }, observedAt: at(1) },
    ]);
    expect(result).toMatchObject({ drifts: [], unpublished: 1, pushesScheduled: 0, snapshotsApplied: 1 });
    expect((await engine.quantities('MUG', 'fba')).onHand).toBe(6);
    const status = await engine.status('MUG', 'amazon-fba');
    expect(status.pushed).toBeUndefined();
    expect(status.remote).toMatchObject({ quantity: 6 });
    expect(await engine.dirtyCount('amazon')).toBe(0);
    expect((await engine.planPush('amazon', 10)).items).toEqual([]);
  });

  it('writes nothing in a dry run', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest({ connection: 'erp', events: [stock('s1', 'MUG', 5)] });
    await pushEverything(engine);
    const dry = await engine.reconcile('store', [record('MUG', 9, at(1))], { dryRun: true });
    expect(dry.drifts).toEqual([expect.objectContaining({ expected: 5, actual: 9 })]);
    expect(await engine.drifts()).toEqual([]);
    expect((await engine.status('MUG', 'web')).pushed).toMatchObject({ quantity: 5 });
    expect((await engine.status('MUG', 'web')).remote).toBeUndefined();
  });
});
