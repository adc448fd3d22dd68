import { type InventoryEvent, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fulfillOrder, placeOrder, releaseOrder } from './test-support/engine-calls.ts';
import { connect, createTestEngine } from './test-support/engine-fixture.ts';

// Issue 13: a partial cancel of a routed order releases only the cancelled quantity (it used to release the whole
// line, or the connector refused it), and a partial shipment consumes only what shipped.
const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'east', kind: 'warehouse' },
    { id: 'west', kind: 'warehouse' },
  ],
  skus: [{ id: 'FRAME' }, { id: 'WHEEL' }, { id: 'PAIR', kit: { components: [{ sku: 'WHEEL', quantity: 2 }] } }],
  connections: { wms: { connector: 'file' }, shop: { connector: 'shopify' } },
  authority: [
    { connections: ['shop'], states: ['committed'] },
    { connections: ['wms'], states: '*' },
  ],
  channels: [{ id: 'web', connection: 'shop', locations: ['east', 'west'] }],
});

function stock(sku: string, location: string, onHand: number): InventoryEvent {
  return {
    kind: 'snapshot',
    idempotencyKey: `stock ${sku} ${location}`,
    source: 'wms',
    occurredAt: '2026-12-04T09:00:00Z',
    sku,
    location,
    quantities: { onHand },
  };
}

const order = { source: 'shop', orderReference: 'O-7', occurredAt: '2026-12-04T10:00:00Z' };
const at = (minute: number) => `2026-12-04T10:${String(minute).padStart(2, '0')}:00Z`;

async function engineWith(...events: InventoryEvent[]) {
  const engine = createTestEngine(redis, {}, configuration);
  await engine.ingest({ connection: 'wms', events });
  return engine;
}

async function state(engine: ReturnType<typeof createTestEngine>, sku = 'FRAME') {
  const east = await engine.quantities(sku, 'east');
  const west = await engine.quantities(sku, 'west');
  return { committed: east.committed + west.committed, onHand: east.onHand + west.onHand };
}

describe('partial ends of one order line (#13)', () => {
  it('releases and ships exactly the units named, once each, in any delivery order', async () => {
    const engine = await engineWith(stock('FRAME', 'east', 10));
    await placeOrder(engine, { ...order, lines: [{ lineReference: 'L1', sku: 'FRAME', quantity: 5 }] });
    const cancelTwo = { ...order, occurredAt: at(1), reason: 'cancelled', lineReference: 'L1', quantity: 2 };
    const messages = [
      () => releaseOrder(engine, { ...cancelTwo, changeReference: 'refund-1' }),
      () => releaseOrder(engine, { ...cancelTwo, occurredAt: at(2), quantity: 1, changeReference: 'refund-2' }),
      () =>
        fulfillOrder(engine, { ...order, occurredAt: at(3), lineReference: 'L1', quantity: 1, changeReference: 'F-1' }),
    ];
    await messages[0]?.();
    expect(await state(engine)).toEqual({ committed: 3, onHand: 10 });
    await messages[0]?.(); // redelivered: the same change, nothing more released
    expect(await state(engine)).toEqual({ committed: 3, onHand: 10 });
    await messages[1]?.(); // a second cancel of the same line is a change of its own
    expect(await state(engine)).toEqual({ committed: 2, onHand: 10 });
    // On hand is the WMS's here: a shipment ends the hold, and the WMS reports the units leaving.
    await messages[2]?.();
    expect(await state(engine)).toEqual({ committed: 1, onHand: 10 });
    // Everything again, newest first: 5 ordered − 2 − 1 cancelled − 1 shipped leaves 1 held.
    for (const message of [...messages].reverse()) await message();
    expect(await state(engine)).toEqual({ committed: 1, onHand: 10 });
    // The rest of the order ships: only the one unit still held ends.
    await fulfillOrder(engine, { ...order, occurredAt: at(4) });
    expect(await state(engine)).toEqual({ committed: 0, onHand: 10 });
  });

  it('a partial cancel that arrives before its order is applied when the order is placed', async () => {
    const engine = await engineWith(stock('FRAME', 'east', 10));
    const early = await releaseOrder(engine, {
      ...order,
      occurredAt: at(1),
      reason: 'cancelled',
      lineReference: 'L1',
      quantity: 2,
      changeReference: 'edit-1',
    });
    expect(early).toBeUndefined();
    await placeOrder(engine, { ...order, lines: [{ lineReference: 'L1', sku: 'FRAME', quantity: 5 }] });
    expect(await state(engine)).toEqual({ committed: 3, onHand: 10 });
  });

  it('a cancel takes the units that could not be held first, so stock the customer still expects stays held', async () => {
    const engine = await engineWith(stock('FRAME', 'east', 3));
    // 5 ordered, 3 held, 2 unfilled.
    await placeOrder(engine, { ...order, lines: [{ lineReference: 'L1', sku: 'FRAME', quantity: 5 }] });
    expect(await state(engine)).toEqual({ committed: 3, onHand: 3 });
    const cancel = { ...order, occurredAt: at(1), reason: 'cancelled', lineReference: 'L1' };
    await releaseOrder(engine, { ...cancel, quantity: 2, changeReference: 'c-1' });
    expect(await state(engine)).toEqual({ committed: 3, onHand: 3 });
    await releaseOrder(engine, { ...cancel, quantity: 1, changeReference: 'c-2' });
    expect(await state(engine)).toEqual({ committed: 2, onHand: 3 });
  });

  it('a line split over two locations releases across them, never more than it holds', async () => {
    const engine = await engineWith(stock('FRAME', 'east', 2), stock('FRAME', 'west', 2));
    await placeOrder(engine, { ...order, lines: [{ lineReference: 'L1', sku: 'FRAME', quantity: 4 }] });
    expect(await state(engine)).toEqual({ committed: 4, onHand: 4 });
    const cancel = { ...order, occurredAt: at(1), reason: 'cancelled', lineReference: 'L1' };
    await releaseOrder(engine, { ...cancel, quantity: 3, changeReference: 'c-1' });
    expect(await state(engine)).toEqual({ committed: 1, onHand: 4 });
    // Cancelling more than is left releases what is left, and committed never goes below zero.
    await releaseOrder(engine, { ...cancel, quantity: 5, changeReference: 'c-2' });
    expect(await state(engine)).toEqual({ committed: 0, onHand: 4 });
    const east = await engine.quantities('FRAME', 'east');
    const west = await engine.quantities('FRAME', 'west');
    expect([east.committed, west.committed]).toEqual([0, 0]);
  });

  it('a kit line releases its components per kit unit', async () => {
    const engine = await engineWith(stock('WHEEL', 'east', 10));
    await placeOrder(engine, { ...order, lines: [{ lineReference: 'L1', sku: 'PAIR', quantity: 3 }] });
    expect(await state(engine, 'WHEEL')).toEqual({ committed: 6, onHand: 10 });
    await releaseOrder(engine, {
      ...order,
      occurredAt: at(1),
      reason: 'cancelled',
      lineReference: 'L1',
      quantity: 1,
      changeReference: 'c-1',
    });
    expect(await state(engine, 'WHEEL')).toEqual({ committed: 4, onHand: 10 });
  });

  it('a cancel and a shipment of one line at once end each unit once', async () => {
    const engine = await engineWith(stock('FRAME', 'east', 10));
    await placeOrder(engine, { ...order, lines: [{ lineReference: 'L1', sku: 'FRAME', quantity: 5 }] });
    const line = { ...order, occurredAt: at(1), lineReference: 'L1', quantity: 2 };
    await Promise.all([
      releaseOrder(engine, { ...line, reason: 'cancelled', changeReference: 'c-1' }),
      fulfillOrder(engine, { ...line, changeReference: 'f-1' }),
    ]);
    // 5 − 2 cancelled − 2 shipped, whichever claimed first: neither took the other's units.
    expect(await state(engine)).toEqual({ committed: 1, onHand: 10 });
  });

  it('refuses a quantity without the change id that tells a second change from a redelivery, naming it', async () => {
    const engine = await engineWith(stock('FRAME', 'east', 10));
    await placeOrder(engine, { ...order, lines: [{ lineReference: 'L1', sku: 'FRAME', quantity: 5 }] });
    const result = await engine.ingest({
      connection: 'shop',
      orders: [{ kind: 'order-released', ...order, reason: 'cancelled', lineReference: 'L1', quantity: 2 }],
    });
    expect(result.rejections).toHaveLength(1);
    expect(result.rejections[0]).toMatchObject({ kind: 'order', reason: 'invalid', retryable: false });
    expect(result.rejections[0]?.message).toMatch(/O-7.*line L1 must carry a changeReference/);
    const noLine = await engine.ingest({
      connection: 'shop',
      orders: [{ kind: 'order-fulfilled', ...order, quantity: 2, changeReference: 'f-1' }],
    });
    expect(noLine.rejections[0]?.message).toMatch(/fulfilment of 2 units must name its lineReference/);
    expect(await state(engine)).toEqual({ committed: 5, onHand: 10 });
  });
});
