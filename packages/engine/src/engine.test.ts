import type { InventoryEvent } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from './engine.ts';
import { defineEngineScripts } from './engine-scripts.ts';
import { createEngineKeys } from './keys.ts';
import { pushEverything } from './test-support/engine-calls.ts';
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

const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 9, minute)).toISOString();
const receipt = (key: string, sku: string, location: string, quantity: number, minute = 0): InventoryEvent => ({
  kind: 'receipt',
  idempotencyKey: key,
  source: 'erp',
  occurredAt: at(minute),
  sku,
  location,
  quantity,
});

describe('engine.ingest', () => {
  it('reports each event’s outcome and rejects bad ones without failing the rest of the batch', async () => {
    const engine = createTestEngine(redis);
    const result = await engine.ingest({
      connection: '',
      events: [
        receipt('r1', 'SKU-A', 'wh-1', 10),
        { kind: 'receipt', idempotencyKey: 'bad', source: 'erp', sku: 'SKU-A' },
        receipt('r2', 'SKU-ZZ', 'wh-1', 5),
        { ...receipt('r3', 'SKU-A', 'wh-1', 5), source: 'stranger' },
        receipt('r1', 'SKU-A', 'wh-1', 10),
        receipt('r4', 'KIT-AB', 'wh-1', 1),
      ],
    });
    expect(result.outcomes).toEqual(['applied', undefined, undefined, undefined, 'duplicate', undefined]);
    expect(result.rejections.map((rejection) => [rejection.index, rejection.reason])).toEqual([
      [1, 'invalid'],
      [2, 'unknown-reference'],
      [3, 'not-authority'],
      [5, 'unknown-reference'],
    ]);
    expect(result.rejections[0]?.message).toMatch(/occurredAt/);
    expect(result.rejections[3]?.message).toMatch(/kits have no stock of their own/);
    expect(await engine.quantities('SKU-A', 'wh-1')).toMatchObject({ onHand: 10 });
  });

  it('computes channel quantities with the model’s rules, kits per location, and marks them dirty for push', async () => {
    const engine = createTestEngine(redis);
    await engine.ingest({
      connection: '',
      events: [
        receipt('a1', 'SKU-A', 'wh-1', 3),
        receipt('b1', 'SKU-B', 'wh-1', 1),
        receipt('b2', 'SKU-B', 'wh-2', 4),
        receipt('a2', 'SKU-A', 'wh-2', 1),
      ],
    });
    // web: buffer 1 over all locations. KIT-AB: wh-1 min(3, ⌊1/2⌋)=0, wh-2 min(1, ⌊4/2⌋)=1 → 1, minus buffer → 0.
    expect((await engine.status('KIT-AB', 'web')).computed).toMatchObject({ quantity: 0, status: 'out-of-stock' });
    expect((await engine.status('SKU-A', 'web')).computed).toMatchObject({ quantity: 3 });
    // market: 50% of wh-1 only, rounded down.
    expect((await engine.status('SKU-A', 'market')).computed).toMatchObject({ quantity: 1 });
    const dirtyWeb = (await engine.planPush('store', 10)).items;
    expect(dirtyWeb.map((entry) => `${entry.channel} ${entry.sku}`).sort()).toEqual([
      'web KIT-AB',
      'web SKU-A',
      'web SKU-B',
    ]);
  });

  it('stops marking a channel SKU dirty once its computed value was pushed', async () => {
    const engine = createTestEngine(redis);
    await engine.ingest({ connection: '', events: [receipt('a1', 'SKU-A', 'wh-1', 5)] });
    const computed = (await engine.status('SKU-A', 'web')).computed!;
    const { settlement } = await pushEverything(engine, 'store');
    expect(settlement.moreWaiting).toBe(false);
    expect((await engine.status('SKU-A', 'web')).pushed).toMatchObject({
      quantity: computed.quantity,
      version: computed.version,
    });
    // Re-delivering the same event changes nothing: nothing of the store needs a push.
    await engine.ingest({ connection: '', events: [receipt('a1', 'SKU-A', 'wh-1', 5)] });
    expect(await engine.dirtyCount('store')).toBe(0);
  });

  it('plans pushes from current state: changed values with what was pushed before, unchanged ones acknowledged', async () => {
    const engine = createTestEngine(redis);
    await engine.ingest({ connection: '', events: [receipt('a1', 'SKU-A', 'wh-1', 5)] });
    const first = await engine.planPush('store', 10);
    expect(first.items.filter((item) => item.sku === 'SKU-A')).toEqual([
      expect.objectContaining({
        channel: 'web',
        sku: 'SKU-A',
        quantity: 4,
        status: 'in-stock',
        expectedRemote: undefined,
      }),
    ]);
    await engine.settlePush(
      'store',
      first,
      first.items.map((item) => ({ key: item.key, outcome: 'written' as const })),
    );
    await engine.reproject(['SKU-A']);
    expect(await engine.planPush('store', 10)).toMatchObject({ items: [] });
    // Stock moves after the entry was marked: the plan carries the new value, not the one marked.
    await engine.ingest({
      connection: '',
      events: [{ ...receipt('a2', 'SKU-A', 'wh-1', 2, 1), kind: 'shipment' } as InventoryEvent],
    });
    const later = await engine.planPush('store', 10);
    expect(later.items.find((item) => item.sku === 'SKU-A')).toMatchObject({ quantity: 2, expectedRemote: 4 });
  });

  it('never lets an older computation overwrite a newer one', async () => {
    const engine = createTestEngine(redis, { keyPrefix: 'race-test' });
    await engine.ingest({ connection: '', events: [receipt('a1', 'SKU-A', 'wh-1', 5)] });
    const stale = (await engine.compute('SKU-A')).find((row) => row.channel === 'web')!;
    await engine.ingest({ connection: '', events: [receipt('a2', 'SKU-A', 'wh-1', 5, 1)] });
    const fresh = (await engine.status('SKU-A', 'web')).computed!;
    expect([stale.quantity, fresh.quantity]).toEqual([4, 9]);
    // A slow worker that read the state before the second receipt stores its result last.
    const keys = createEngineKeys('race-test').sku('SKU-A');
    const staleEntry = {
      channel: 'web',
      version: stale.version,
      quantity: 4,
      status: 'in-stock',
      stored: JSON.stringify({ quantity: 4, status: 'in-stock', version: stale.version }),
    };
    const needPush = await defineEngineScripts(redis).project([keys.computed, keys.pushed], [[staleEntry]]);
    expect((await engine.status('SKU-A', 'web')).computed).toMatchObject({ quantity: 9, version: fresh.version });
    expect(needPush).toEqual([['web']]);
  });

  it('answers which system sent the last valid update, and when', async () => {
    const engine = createTestEngine(redis);
    await engine.ingest({
      connection: '',
      events: [receipt('a1', 'SKU-A', 'wh-1', 5), { ...receipt('a2', 'SKU-A', 'wh-2', 1, 3), source: 'wms' }],
    });
    const [newest, older] = await engine.ledger('SKU-A', 5);
    expect(newest?.event).toMatchObject({ idempotencyKey: 'a2', source: 'wms', occurredAt: at(3), location: 'wh-2' });
    expect(older?.event).toMatchObject({ idempotencyKey: 'a1', source: 'erp' });
    expect(newest?.outcome).toBe('a');
  });

  it('trims ledger entries older than the retention as new ones arrive', async () => {
    const engine = createTestEngine(redis, { ledgerRetentionMs: 1 });
    await engine.ingest({ connection: '', events: [receipt('old', 'SKU-A', 'wh-1', 1)] });
    // Let the first entry age past the 1 ms retention (by Redis's clock, which the script reads).
    await new Promise((resolve) => setTimeout(resolve, 20));
    await engine.ingest({ connection: '', events: [receipt('new', 'SKU-A', 'wh-1', 1, 1)] });
    expect((await engine.ledger('SKU-A', 10)).map((entry) => entry.event.idempotencyKey)).toEqual(['new']);
  });

  it('trims by each call’s own retention, whatever retention the times kept for the trim were stored under', async () => {
    const keyPrefix = `trim-${process.pid}`;
    const keeping = createTestEngine(redis, { keyPrefix });
    const forgetting = createTestEngine(redis, { keyPrefix, idempotencyRetentionMs: 1, ledgerRetentionMs: 1 });
    await keeping.ingest({ connection: '', events: [receipt('first', 'SKU-A', 'wh-1', 1)] });
    await keeping.ingest({ connection: '', events: [receipt('second', 'SKU-A', 'wh-2', 1, 1)] });
    // The 15-day engine stored the oldest key's and line's times; the 1 ms one must still forget both.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await forgetting.ingest({ connection: '', events: [receipt('third', 'SKU-A', 'wh-1', 1, 2)] });
    expect((await forgetting.ledger('SKU-A', 10)).map((entry) => entry.event.idempotencyKey)).toEqual(['third']);
    const seen = `{${keyPrefix}:sku:SKU-A}:seen`;
    expect(await redis.zrange(seen, '0', '-1')).toEqual(['third']);
  });

  it('folds relative changes older than the settle horizon into absolute values, changing no quantity', async () => {
    const { inTime, later } = createEnginesAcrossTheHorizon(redis);
    await inTime.ingest({
      connection: '',
      events: [receipt('o1', 'SKU-B', 'wh-1', 4), receipt('o2', 'SKU-B', 'wh-1', 3, 1)],
    });
    await later.ingest({
      connection: '',
      events: [{ ...receipt('now', 'SKU-B', 'wh-1', 1), occurredAt: new Date().toISOString() }],
    });
    const position = await later.position('SKU-B', 'wh-1');
    expect(Object.keys(position?.pending ?? {})).toEqual(['now']);
    expect(position?.bases.onHand?.value).toBe(7);
    expect(await later.quantities('SKU-B', 'wh-1')).toMatchObject({ onHand: 8 });
  });
});

/** After the test clock's "now", when pushes are recorded: a report from before a push is stale. */
const seen = (minute: number) => new Date(fixedNow.getTime() + minute * 60_000).toISOString();

describe('engine.reconcile', () => {
  it('heals our state from the authority’s snapshot and reports what had drifted', async () => {
    const engine = createTestEngine(redis);
    await engine.ingest({ connection: '', events: [receipt('a1', 'SKU-A', 'wh-1', 10)] });
    const records = [{ sku: 'SKU-A', location: 'wh-1', quantities: { onHand: 7 }, observedAt: at(30) }];
    const dry = await engine.reconcile('erp', records, { dryRun: true });
    expect(dry.drifts).toEqual([
      {
        sku: 'SKU-A',
        target: 'wh-1',
        state: 'onHand',
        expected: 10,
        actual: 7,
        cause: 'missed-events',
        since: expect.any(String),
      },
    ]);
    expect(await engine.quantities('SKU-A', 'wh-1')).toMatchObject({ onHand: 10 });
    const healed = await engine.reconcile('erp', records);
    expect(healed.snapshotsApplied).toBe(1);
    expect((await engine.drifts()).map((drift) => [drift.target, drift.state, drift.cause])).toEqual([
      ['wh-1', 'onHand', 'missed-events'],
    ]);
    expect(await engine.quantities('SKU-A', 'wh-1')).toMatchObject({ onHand: 7 });
    // Reading the same snapshot again changes nothing and finds no drift.
    const again = await engine.reconcile('erp', records);
    expect(again).toMatchObject({ drifts: [], inSync: 1, snapshotsApplied: 0 });
    expect(await engine.drifts()).toEqual([]);
  });

  it('recognises the echo of its own push, and re-pushes a channel that changed on the remote', async () => {
    const engine = createTestEngine(redis);
    await engine.ingest({ connection: '', events: [receipt('a1', 'SKU-A', 'wh-1', 5)] });
    await pushEverything(engine, 'store');
    const echo = await engine.reconcile('store', [
      { sku: 'SKU-A', location: 'wh-1', quantities: { available: 4 }, observedAt: seen(5) },
    ]);
    expect(echo).toMatchObject({ drifts: [], inSync: 1, pushesScheduled: 0 });

    const changed = await engine.reconcile('store', [
      { sku: 'SKU-A', location: 'wh-1', quantities: { available: 9 }, observedAt: seen(6) },
    ]);
    expect(changed.drifts).toEqual([
      expect.objectContaining({ sku: 'SKU-A', target: 'web', expected: 4, actual: 9, cause: 'changed-on-remote' }),
    ]);
    expect((await engine.drifts()).map((drift) => drift.target)).toEqual(['web']);
    const heal = await engine.planPush('store', 10);
    expect(heal.items).toEqual([expect.objectContaining({ key: 'web SKU-A', quantity: 4, expectedRemote: 9 })]);

    // Once the remote shows our value again, the drift closes.
    await engine.settlePush('store', heal, [{ key: 'web SKU-A', outcome: 'written' }]);
    await engine.reconcile('store', [
      { sku: 'SKU-A', location: 'wh-1', quantities: { available: 4 }, observedAt: seen(7) },
    ]);
    expect(await engine.drifts()).toEqual([]);
  });
});

describe('compare-and-set expectations', () => {
  it('expects what the remote was last seen to show when that is newer than our push', async () => {
    // A clock that moves a second per reading: the stale answer is observed after our push.
    let tick = 0;
    const engine = createEngine({
      redis,
      configuration: testConfiguration,
      options: { keyPrefix: `cas-${process.pid}-${Date.now()}`, settleHorizonMs: 3e12, idempotencyRetentionMs: 3e12 },
      now: () => new Date(fixedNow.getTime() + 1_000 * tick++),
    });
    await engine.ingest({ connection: '', events: [receipt('a1', 'SKU-A', 'wh-1', 5)] });
    await pushEverything(engine, 'store');
    await engine.ingest({ connection: '', events: [receipt('a2', 'SKU-A', 'wh-1', 5, 1)] });
    const plan = await engine.planPush('store', 10);
    const item = plan.items.find((planned) => planned.sku === 'SKU-A');
    expect(item).toMatchObject({ quantity: 9, expectedRemote: 4 });
    // The remote refused the compare: it shows 3 (a sale there). The next attempt compares with 3, not 4 again.
    await engine.settlePush('store', plan, [{ key: item!.key, outcome: 'stale', remoteQuantity: 3 }]);
    expect((await engine.status('SKU-A', 'web')).remote).toMatchObject({ quantity: 3 });
    expect((await engine.planPush('store', 10)).items.find((planned) => planned.sku === 'SKU-A')).toMatchObject({
      quantity: 9,
      expectedRemote: 3,
    });
  });
});
