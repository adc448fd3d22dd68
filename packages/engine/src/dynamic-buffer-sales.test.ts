import { type InventoryEvent, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from './engine.ts';
import { placeOrder } from './test-support/engine-calls.ts';
import { connect } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

// A latency of exactly one window (600 s, nothing measured) makes the buffer the units sold in the window: every
// expected quantity below is 100 on hand − units held − units sold in the last 10 minutes.
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'warehouse', kind: 'warehouse' }],
  skus: [{ id: 'MUG' }],
  connections: { erp: { connector: 'file' }, store: { connector: 'shopify' } },
  authority: [
    { connections: ['store'], states: ['committed'] },
    { connections: ['erp'], states: '*' },
  ],
  channels: [
    {
      id: 'web',
      connection: 'store',
      locations: ['warehouse'],
      policy: { dynamicBuffer: { windowMinutes: 10, floor: 0, ceiling: 50, extraLatencySeconds: 600 } },
    },
  ],
});

let engines = 0;
/** An engine on its own key prefix whose clock the test moves. */
function engineWithClock(startsAt: string) {
  engines += 1;
  const keyPrefix = `dynamic-sales-${process.pid}-${engines}`;
  const clock = { now: new Date(startsAt) };
  const engine = createEngine({
    redis,
    configuration,
    options: { keyPrefix, settleHorizonMs: 3e12, idempotencyRetentionMs: 3e12 },
    now: () => clock.now,
  });
  return { engine, clock, salesKey: `{${keyPrefix}:sku:MUG}:sales` };
}

const stock: InventoryEvent = {
  kind: 'snapshot',
  idempotencyKey: 'stock',
  source: 'erp',
  occurredAt: '2026-11-27T11:00:00Z',
  sku: 'MUG',
  location: 'warehouse',
  quantities: { onHand: 100 },
};
const hold = (order: string, quantity: number, occurredAt: string): InventoryEvent => ({
  kind: 'reservation-created',
  idempotencyKey: `hold-${order}`,
  source: 'store',
  occurredAt,
  sku: 'MUG',
  location: 'warehouse',
  quantity,
  orderReference: order,
  lineReference: '1',
});

async function web(engine: Engine): Promise<number | undefined> {
  return (await engine.compute('MUG')).find((row) => row.channel === 'web')?.quantity;
}

describe('the sales a dynamic buffer counts', () => {
  it('counts a sale delivered again once: in a later batch, twice in one batch, or as a redelivered order', async () => {
    const { engine, salesKey } = engineWithClock('2026-11-27T12:00:00Z');
    await engine.ingest({ connection: 'erp', events: [stock] });
    const first = [hold('o1', 1, '2026-11-27T11:55:00Z'), hold('o2', 1, '2026-11-27T11:55:00Z')];
    await engine.ingest({ connection: 'store', events: first });
    // 100 − 2 held − 2 sold.
    expect(await web(engine)).toBe(96);

    // The first batch again, with a new sale that is itself in the batch twice: one new sale of 1.
    const third = hold('o3', 1, '2026-11-27T11:56:00Z');
    const again = await engine.ingest({ connection: 'store', events: [...first, third, third] });
    expect(again.sales.map((sale) => sale.eventId)).toEqual(['hold-o3']);
    // 100 − 3 − 3.
    expect(await web(engine)).toBe(94);

    // An order record of 2 units, delivered twice (a webhook retried): it holds, and sells, once.
    const order = {
      source: 'store',
      orderReference: 'O-4',
      occurredAt: '2026-11-27T11:58:00Z',
      lines: [{ lineReference: '1', sku: 'MUG', quantity: 2 }],
    };
    await placeOrder(engine, order);
    await placeOrder(engine, order);
    // 100 − 5 − 5.
    expect(await web(engine)).toBe(90);
    expect(await redis.zcard(salesKey)).toBe(4);
  });

  it('counts a late sale by when it happened: in its window while that lasts, and not at all when already older', async () => {
    const { engine, clock, salesKey } = engineWithClock('2026-11-27T12:00:00Z');
    await engine.ingest({ connection: 'erp', events: [stock] });
    await engine.ingest({ connection: 'store', events: [hold('recent', 1, '2026-11-27T11:58:00Z')] });
    // Arrives after the 11:58 sale but happened at 11:51: still inside (11:50, 12:00].
    await engine.ingest({ connection: 'store', events: [hold('late', 2, '2026-11-27T11:51:00Z')] });
    // 100 − 3 held − 3 sold.
    expect(await web(engine)).toBe(94);

    // Happened at 11:49, before the window: it holds its 4 units but is not a recent sale, nor stored as one.
    await engine.ingest({ connection: 'store', events: [hold('too-late', 4, '2026-11-27T11:49:00Z')] });
    // 100 − 7 held − 3 sold.
    expect(await web(engine)).toBe(90);
    expect(await redis.zcard(salesKey)).toBe(2);

    // At 12:01:30 the window is (11:51:30, 12:01:30]: the late sale left it 10 minutes after it happened, not after
    // it arrived, and the 11:58 one is still in. 100 − 7 − 1.
    clock.now = new Date('2026-11-27T12:01:30Z');
    expect(await web(engine)).toBe(92);
    // At 12:08:30 nothing sold within the window: 100 − 7 − 0.
    clock.now = new Date('2026-11-27T12:08:30Z');
    expect(await web(engine)).toBe(93);
  });

  it('keeps a released sale in the velocity: the order took stock when it came, though replenishment takes it back', async () => {
    const { engine } = engineWithClock('2026-11-27T12:00:00Z');
    await engine.ingest({ connection: 'erp', events: [stock] });
    await engine.ingest({
      connection: 'store',
      events: [hold('o1', 3, '2026-11-27T11:55:00Z'), hold('o2', 2, '2026-11-27T11:56:00Z')],
    });
    // 100 − 5 held − 5 sold.
    expect(await web(engine)).toBe(90);

    const cancelled = await engine.ingest({
      connection: 'store',
      events: [
        {
          kind: 'reservation-released',
          idempotencyKey: 'release-o1',
          source: 'store',
          occurredAt: '2026-11-27T11:59:00Z',
          sku: 'MUG',
          location: 'warehouse',
          quantity: 3,
          orderReference: 'o1',
          lineReference: '1',
          reason: 'cancelled',
        },
      ],
    });
    expect(cancelled.sales).toEqual([]);
    // The 3 units are sellable again, and the channel still holds back the 5 that sold in the window: 100 − 2 − 5.
    expect(await web(engine)).toBe(93);
    const row = (await engine.compute('MUG')).find((computed) => computed.channel === 'web');
    expect(row?.steps.find((step) => step.rule === 'dynamic-buffer')?.detail).toBe(
      'velocity 5 sold in 10 min × latency 600 s = 5: minus 5 held back',
    );
    // Replenishment asks what must be bought again, and there the cancelled order is not a sale.
    const sold = await engine.unitsSoldByLocation('MUG', {
      since: new Date('2026-11-27T11:50:00Z'),
      until: new Date('2026-11-27T12:00:00Z'),
    });
    expect(sold.get('warehouse')).toBe(2);
  });
});
