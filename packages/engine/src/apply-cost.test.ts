import type { InventoryEvent } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from './engine.ts';
import { connect, createTestEngine } from './test-support/engine-fixture.ts';
import { measureWork } from './test-support/redis-work.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

/** Times relative to the clock, so nothing here ever falls behind the settle horizon by itself. */
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const receipt = (sku: string, key: string, quantity: number, occurredAt: string): InventoryEvent => ({
  kind: 'receipt',
  idempotencyKey: key,
  source: 'erp',
  occurredAt,
  sku,
  location: 'wh-1',
  quantity,
});
const snapshot = (sku: string, key: string, onHand: number, occurredAt: string): InventoryEvent => ({
  kind: 'snapshot',
  idempotencyKey: key,
  source: 'erp',
  occurredAt,
  sku,
  location: 'wh-1',
  quantities: { onHand },
});

/** `count` relative changes that stay pending (newer than the position's snapshot, younger than the horizon). */
async function withPendingChanges(engine: Engine, sku: string, count: number): Promise<void> {
  await engine.ingest({ connection: 'erp', events: [snapshot(sku, `${sku}-snapshot`, 0, minutesAgo(600))] });
  for (let start = 0; start < count; start += 250) {
    const events = [];
    for (let index = start; index < Math.min(count, start + 250); index++) {
      events.push(receipt(sku, `${sku}-pending-${index}`, 1, minutesAgo(500 - index / 1000)));
    }
    await engine.ingest({ connection: 'erp', events });
  }
}

/** Commands Redis ran per event for `events` single-event deliveries to a position. */
async function commandsPerEvent(engine: Engine, sku: string, events: number): Promise<number> {
  const work = await measureWork(redis, async () => {
    for (let index = 0; index < events; index++) {
      await engine.ingest({ connection: 'erp', events: [receipt(sku, `${sku}-measured-${index}`, 1, minutesAgo(1))] });
    }
  });
  return work.commands / events;
}

const orderLines = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ lineReference: `line-${index}`, sku: 'SKU-A', quantity: 1 }));
const bigOrder = (lines: number) => ({
  kind: 'order-placed',
  source: 'store',
  orderReference: `big-order-${lines}`,
  occurredAt: minutesAgo(1),
  lines: orderLines(lines),
});

describe('the cost of applying an event (defect #23.1)', () => {
  it('does not grow with the pending changes of the position: 10 or 2,000 pending cost the same per event', async () => {
    const engine = createTestEngine(redis);
    await withPendingChanges(engine, 'SKU-A', 10);
    await withPendingChanges(engine, 'SKU-B', 2_000);
    const quiet = await commandsPerEvent(engine, 'SKU-A', 20);
    const busy = await commandsPerEvent(engine, 'SKU-B', 20);
    // Every pending change still counts…
    expect((await engine.quantities('SKU-B', 'wh-1')).onHand).toBe(2_020);
    expect((await engine.quantities('SKU-A', 'wh-1')).onHand).toBe(30);
    // …but an event on the busy position does the same work as one on the quiet position.
    expect(busy).toBeLessThanOrEqual(quiet + 2);
  }, 60_000);

  it('refuses an order with more lines than the cap as a typed rejection, and applies the rest of the batch', async () => {
    const engine = createTestEngine(redis);
    await engine.ingest({ connection: 'erp', events: [snapshot('SKU-A', 'stock-a', 20_000, minutesAgo(10))] });
    const result = await engine.ingest({
      connection: 'store',
      orders: [bigOrder(10_000)],
      events: [receipt('SKU-B', 'other-sku', 3, minutesAgo(1))],
    });
    expect(result.rejections).toEqual([
      expect.objectContaining({ kind: 'order', reason: 'too-many-lines', index: 0, retryable: false }),
    ]);
    expect(result.rejections[0]?.message).toContain('10000 lines');
    expect(result.rejections[0]?.message).toContain('maxOrderLines');
    expect(result.orders.map((order) => order.outcome)).toEqual(['rejected']);
    expect(result.outcomes).toEqual(['applied']);
    expect(await engine.quantities('SKU-A', 'wh-1')).toMatchObject({ onHand: 20_000, committed: 0 });
    expect((await engine.quantities('SKU-B', 'wh-1')).onHand).toBe(3);
  });

  it('applies a 10,000-line order allowed by the cap in bounded script calls, while another SKU goes on', async () => {
    const engine = createTestEngine(redis, { maxOrderLines: 10_000, maxEventsPerApplyCall: 500 });
    await engine.ingest({ connection: 'erp', events: [snapshot('SKU-A', 'stock-a', 20_000, minutesAgo(10))] });
    const finished: string[] = [];
    const work = await measureWork(redis, async () => {
      const order = engine.ingest({ connection: 'store', orders: [bigOrder(10_000)] }).then((result) => {
        finished.push('order');
        return result;
      });
      const other = engine.ingest({ connection: 'erp', events: [receipt('SKU-B', 'meanwhile', 4, minutesAgo(1))] });
      const otherResult = await other.then((result) => {
        finished.push('other SKU');
        return result;
      });
      expect(otherResult.outcomes).toEqual(['applied']);
      const orderResult = await order;
      expect(orderResult.rejections).toEqual([]);
      expect(orderResult.orders.map((placed) => placed.outcome)).toEqual(['placed']);
    });
    // The other SKU's event did not wait for the whole order: the order's script calls left room between them.
    expect(finished).toEqual(['other SKU', 'order']);
    expect(work.scriptCalls).toBeGreaterThanOrEqual(10_000 / 500);
    // Work per line is a small constant: nothing rescans the lines already applied.
    expect(work.commands / 10_000).toBeLessThan(25);
    expect(await engine.quantities('SKU-A', 'wh-1')).toMatchObject({ onHand: 20_000, committed: 10_000 });
    expect((await engine.quantities('SKU-B', 'wh-1')).onHand).toBe(4);
    // Delivered again, the order holds nothing twice.
    const again = await engine.ingest({ connection: 'store', orders: [bigOrder(10_000)] });
    expect(again.orders[0]?.eventOutcomes.every((outcome) => outcome === 'duplicate')).toBe(true);
    expect(await engine.quantities('SKU-A', 'wh-1')).toMatchObject({ committed: 10_000 });
  }, 60_000);

  it('moves the pending changes of a position stored by the earlier layout on its first change, counting each once', async () => {
    const keyPrefix = `legacy-${process.pid}`;
    const engine = createTestEngine(redis, { keyPrefix });
    const stored = (at: string, key: string) => [Date.parse(at), 0, key];
    const [snapshotAt, plusThreeAt, plusFourAt] = [minutesAgo(30), minutesAgo(20), minutesAgo(10)];
    // As the format-1 apply script left it: a snapshot of 10, then +3 and +4 pending in the position hash itself.
    await redis.hset(`{${keyPrefix}:sku:SKU-A}:position:wh-1`, {
      'b:onHand': JSON.stringify([10, ...stored(snapshotAt, 'legacy-snapshot')]),
      'd:legacy-plus-3': JSON.stringify([...stored(plusThreeAt, 'legacy-plus-3'), { onHand: 3 }]),
      'd:legacy-plus-4': JSON.stringify([...stored(plusFourAt, 'legacy-plus-4'), { onHand: 4 }]),
    });
    expect((await engine.quantities('SKU-A', 'wh-1')).onHand).toBe(17);
    await engine.ingest({ connection: 'erp', events: [receipt('SKU-A', 'new-plus-1', 1, minutesAgo(5))] });
    expect((await engine.quantities('SKU-A', 'wh-1')).onHand).toBe(18);
    expect(Object.keys((await engine.position('SKU-A', 'wh-1'))?.pending ?? {}).sort()).toEqual([
      'legacy-plus-3',
      'legacy-plus-4',
      'new-plus-1',
    ]);
    // Still recognised as pending (a redelivery is a duplicate), and a newer snapshot covers them as before.
    const redelivered = receipt('SKU-A', 'legacy-plus-3', 3, plusThreeAt);
    expect((await engine.ingest({ connection: 'erp', events: [redelivered] })).outcomes).toEqual(['duplicate']);
    await engine.ingest({ connection: 'erp', events: [snapshot('SKU-A', 'count', 50, minutesAgo(15))] });
    expect((await engine.quantities('SKU-A', 'wh-1')).onHand).toBe(55);
  });

  it('answers a position of the earlier layout that a call only reads with its pending changes, left in place', async () => {
    const keyPrefix = `legacy-read-${process.pid}`;
    const engine = createTestEngine(redis, { keyPrefix });
    const legacyKey = `{${keyPrefix}:sku:SKU-A}:position:wh-2`;
    // A format-1 position at wh-2 (10, +3 pending); the new change is at wh-1, so the call only reads wh-2.
    await redis.hset(legacyKey, {
      'b:onHand': JSON.stringify([10, Date.parse(minutesAgo(30)), 0, 'legacy-snapshot']),
      'd:legacy-plus-3': JSON.stringify([Date.parse(minutesAgo(20)), 0, 'legacy-plus-3', { onHand: 3 }]),
    });
    const result = await engine.ingest({ connection: 'erp', events: [receipt('SKU-A', 'at-wh-1', 2, minutesAgo(5))] });
    // web sells wh-1, wh-2 and store-1 with a buffer of 1: 2 + 13 - 1.
    expect(result.computed.find((row) => row.channel === 'web' && row.sku === 'SKU-A')?.quantity).toBe(14);
    expect(await redis.hget(legacyKey, 'd:legacy-plus-3')).not.toBeNull();
    expect((await engine.quantities('SKU-A', 'wh-2')).onHand).toBe(13);
  });
});
