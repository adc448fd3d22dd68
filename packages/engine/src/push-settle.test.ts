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

// The store counts CASE in cases of 12 and keeps its quantities at its own location `shop-floor`.
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'warehouse', kind: 'warehouse' },
    { id: 'shop-floor', kind: 'store' },
  ],
  skus: [{ id: 'CASE', units: [{ connection: 'store', unit: 'case', unitsPer: 12 }] }, { id: 'MUG' }],
  connections: { erp: { connector: 'file' }, store: { connector: 'shopify' } },
  authority: [{ connections: ['erp'], states: '*' }],
  channels: [{ id: 'web', connection: 'store', locations: ['warehouse'], publishLocation: 'shop-floor' }],
});

const stock = (key: string, sku: string, onHand: number, minute = 0): InventoryEvent => ({
  kind: 'snapshot',
  idempotencyKey: key,
  source: 'erp',
  occurredAt: new Date(Date.UTC(2026, 10, 27, 9, minute)).toISOString(),
  sku,
  location: 'warehouse',
  quantities: { onHand },
});
/** After the test clock's "now" (when pushes are settled): what a remote shows later. */
const seen = (minute: number) => new Date(fixedNow.getTime() + minute * 60_000).toISOString();
const shows = (engine: Engine, sku: string, available: number, minute: number) =>
  engine.ingest({
    connection: 'store',
    records: [{ sku, location: 'warehouse', quantities: { available }, observedAt: seen(minute) }],
  });
const writeAll = async (engine: Engine) => {
  const plan = await engine.planPush('store', 10);
  const results = plan.items.map((item) => ({
    key: item.key,
    outcome: 'written' as const,
    remoteQuantity: item.quantity,
  }));
  return { plan, settlement: await engine.settlePush('store', plan, results) };
};

describe('planPush and settlePush', () => {
  it('plans items ready for the connector: publish location, connection units, expectation', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest({ connection: 'erp', events: [stock('s1', 'CASE', 170), stock('s2', 'MUG', 4)] });
    const plan = await engine.planPush('store', 10);
    expect(plan.connection).toBe('store');
    expect(
      plan.items.map(({ key, location, quantity, expectedRemote }) => ({ key, location, quantity, expectedRemote })),
    ).toEqual(
      expect.arrayContaining([
        // 170 units are 14 whole cases: rounded down, never a case we cannot ship.
        { key: 'web CASE', location: 'shop-floor', quantity: 14, expectedRemote: undefined },
        { key: 'web MUG', location: 'shop-floor', quantity: 4, expectedRemote: undefined },
      ]),
    );
    expect(plan.moreWaiting).toBe(false);
    expect((await engine.planPush('store', 1)).moreWaiting).toBe(true);
  });

  it('settles each outcome: written is recorded and acknowledged, stale becomes the next expectation, a refusal is acknowledged and returned, retryable and unanswered stay dirty', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    const skus = ['CASE', 'MUG'];
    await engine.ingest({ connection: 'erp', events: skus.map((sku, index) => stock(`s${index}`, sku, 24)) });
    const plan = await engine.planPush('store', 10);
    const refusal = { name: 'ItemRejectedError', message: 'SKU is archived', code: 'archived', retryable: false };
    const settlement = await engine.settlePush('store', plan, [
      { key: 'web CASE', outcome: 'stale', remoteQuantity: 1 },
      { key: 'web MUG', outcome: 'failed', error: refusal },
    ]);
    expect(settlement).toMatchObject({ written: 0, stale: 1, deferred: 0, moreWaiting: true });
    expect(settlement.refused).toEqual([{ item: expect.objectContaining({ key: 'web MUG' }), error: refusal }]);
    expect(await engine.dirtyCount('store')).toBe(1);
    const retry = await engine.planPush('store', 10);
    expect(retry.items).toEqual([expect.objectContaining({ key: 'web CASE', quantity: 2, expectedRemote: 1 })]);

    const retryable = { name: 'TimeoutError', message: 'timed out', retryable: true };
    const again = await engine.settlePush('store', retry, [{ key: 'web CASE', outcome: 'failed', error: retryable }]);
    expect(again).toMatchObject({ deferred: 1, refused: [], moreWaiting: true });
    const unanswered = await engine.settlePush('store', await engine.planPush('store', 10), []);
    expect(unanswered).toMatchObject({ deferred: 1, moreWaiting: true });

    const { settlement: done } = await writeAll(engine);
    expect(done).toMatchObject({ written: 1, deferred: 0, moreWaiting: false });
    expect((await engine.status('CASE', 'web')).pushed).toMatchObject({ quantity: 2 });
    expect(await engine.planPush('store', 10)).toMatchObject({ items: [], alreadyPushed: [] });
  });

  it('keeps a mark made while the push was in flight', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest({ connection: 'erp', events: [stock('s1', 'MUG', 5)] });
    const plan = await engine.planPush('store', 10);
    await engine.ingest({ connection: 'erp', events: [stock('s2', 'MUG', 3, 1)] });
    const settlement = await engine.settlePush('store', plan, [{ key: 'web MUG', outcome: 'written' }]);
    expect(settlement.moreWaiting).toBe(true);
    expect((await engine.planPush('store', 10)).items).toEqual([
      expect.objectContaining({ quantity: 3, expectedRemote: 5 }),
    ]);
  });

  it('gives a true retry of an unchanged plan the same idempotency key, and every different request a new one (defect #13.1)', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest({ connection: 'erp', events: [stock('s1', 'MUG', 5)] });
    const first = await engine.planPush('store', 10);
    expect((await engine.planPush('store', 10)).idempotencyKey).toBe(first.idempotencyKey);
    await engine.settlePush('store', first, [{ key: 'web MUG', outcome: 'written' }]);

    // Someone sets the level to 3 in the admin: the heal pushes 5 expecting 3.
    await shows(engine, 'MUG', 3, 1);
    const heal = await engine.planPush('store', 10);
    expect(heal.items).toEqual([expect.objectContaining({ quantity: 5, expectedRemote: 3 })]);
    expect((await engine.planPush('store', 10)).idempotencyKey).toBe(heal.idempotencyKey);
    await engine.settlePush('store', heal, [{ key: 'web MUG', outcome: 'written' }]);

    // …and to 3 again: the same values, but a different request, so the vendor must not take it for the first.
    await shows(engine, 'MUG', 3, 2);
    const secondHeal = await engine.planPush('store', 10);
    expect(secondHeal.items).toEqual([expect.objectContaining({ quantity: 5, expectedRemote: 3 })]);
    expect(new Set([first.idempotencyKey, heal.idempotencyKey, secondHeal.idempotencyKey]).size).toBe(3);
  });

  it("holds an item whose own wait was asked (retryAfterMs) out of planning, but not one a rate limit refused (the connection's wait, #14)", async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest({ connection: 'erp', events: [stock('h1', 'CASE', 24), stock('h2', 'MUG', 4)] });
    const plan = await engine.planPush('store', 10);
    const inFeed = {
      name: 'AmazonFeedInProgressError',
      message: 'feed 1 is IN_QUEUE',
      code: 'feed_in_progress',
      retryable: true,
      retryAfterMs: 60_000,
    };
    const tooFast = {
      name: 'RateLimitedError',
      message: 'wait 200 ms',
      code: 'rate_limited',
      retryable: true,
      retryAfterMs: 200,
    };
    const settlement = await engine.settlePush('store', plan, [
      { key: 'web CASE', outcome: 'failed', error: inFeed },
      { key: 'web MUG', outcome: 'failed', error: tooFast },
    ]);
    expect({ deferred: settlement.deferred, held: settlement.held }).toEqual({ deferred: 2, held: 1 });
    expect(settlement.heldUntilMs).toBe(fixedNow.getTime() + 60_000);
    // The clock has not moved: the feed's SKU stays held; the rate-limited one is planned again at once.
    expect((await engine.planPush('store', 10)).items.map(({ key }) => key)).toEqual(['web MUG']);
  });
});
