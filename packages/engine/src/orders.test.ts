import { type InventoryEvent, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fulfillOrder, placeOrder, releaseOrder } from './test-support/engine-calls.ts';
import { connect, createTestEngine } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'east', kind: 'warehouse', region: 'us-east', priority: 1 },
    { id: 'west', kind: 'warehouse', region: 'us-west', priority: 2 },
  ],
  skus: [
    { id: 'FRAME' },
    { id: 'WHEEL' },
    {
      id: 'BIKE',
      kit: {
        components: [
          { sku: 'FRAME', quantity: 1 },
          { sku: 'WHEEL', quantity: 2 },
        ],
      },
    },
  ],
  connections: { wms: { connector: 'file' }, shop: { connector: 'shopify' } },
  authority: [
    { connections: ['shop'], states: ['committed'] },
    { connections: ['wms'], states: '*' },
  ],
  channels: [{ id: 'web', connection: 'shop', locations: ['east', 'west'] }],
});

const at = '2026-11-27T10:00:00Z';
const stock = (key: string, sku: string, location: string, onHand: number): InventoryEvent => ({
  kind: 'snapshot',
  idempotencyKey: key,
  source: 'wms',
  occurredAt: '2026-11-27T09:00:00Z',
  sku,
  location,
  quantities: { onHand },
});

describe('orders', () => {
  it('reserves where routing decides, records why, and a redelivered order holds nothing twice', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest({ connection: '', events: [stock('s1', 'FRAME', 'east', 2), stock('s2', 'FRAME', 'west', 5)] });
    const order = {
      source: 'shop',
      orderReference: 'gid://shopify/Order/1001',
      occurredAt: at,
      region: 'us-west',
      allowSplit: false,
      lines: [{ lineReference: '1', sku: 'FRAME', quantity: 3 }],
    };
    const first = await placeOrder(engine, order);
    expect(first.decision.allocations).toEqual([{ lineReference: '1', sku: 'FRAME', location: 'west', quantity: 3 }]);
    expect(first.decision.reason).toContain('west');
    expect(await engine.quantities('FRAME', 'west')).toMatchObject({ onHand: 5, committed: 3 });

    await engine.ingest({ connection: '', events: [stock('s3', 'FRAME', 'east', 50)] });
    const again = await placeOrder(engine, order);
    expect(again.decision).toEqual(first.decision);
    expect(again.ingest.outcomes).toEqual(['duplicate']);
    expect(await engine.quantities('FRAME', 'west')).toMatchObject({ committed: 3 });
    expect(await engine.orderDecision('shop', 'gid://shopify/Order/1001')).toEqual(first.decision);
  });

  it('releases exactly what was held when payment fails, once', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest({ connection: '', events: [stock('s1', 'FRAME', 'east', 2), stock('s2', 'FRAME', 'west', 2)] });
    await placeOrder(engine, {
      source: 'shop',
      orderReference: 'O-2',
      occurredAt: at,
      lines: [{ lineReference: '1', sku: 'FRAME', quantity: 3 }],
    });
    expect(await engine.quantities('FRAME', 'east')).toMatchObject({ committed: 2 });
    expect(await engine.quantities('FRAME', 'west')).toMatchObject({ committed: 1 });
    for (let attempt = 0; attempt < 2; attempt++) {
      await releaseOrder(engine, { source: 'shop', orderReference: 'O-2', occurredAt: at, reason: 'payment-failed' });
    }
    expect(await engine.quantities('FRAME', 'east')).toMatchObject({ committed: 0 });
    expect(await engine.quantities('FRAME', 'west')).toMatchObject({ committed: 0 });
    expect(
      await releaseOrder(engine, { source: 'shop', orderReference: 'unknown', occurredAt: at, reason: 'cancelled' }),
    ).toBeUndefined();
  });

  it('routes a kit to one location that can assemble it and holds its components there, released on fulfilment', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest({
      connection: '',
      events: [
        stock('f1', 'FRAME', 'east', 1),
        stock('w1', 'WHEEL', 'east', 1),
        stock('f2', 'FRAME', 'west', 1),
        stock('w2', 'WHEEL', 'west', 4),
      ],
    });
    const { decision } = await placeOrder(engine, {
      source: 'shop',
      orderReference: 'O-3',
      occurredAt: at,
      lines: [{ lineReference: '1', sku: 'BIKE', quantity: 1 }],
    });
    expect(decision.reservations).toEqual([
      { lineReference: '1', sku: 'FRAME', location: 'west', quantity: 1 },
      { lineReference: '1', sku: 'WHEEL', location: 'west', quantity: 2 },
    ]);
    expect((await engine.status('BIKE', 'web')).computed).toMatchObject({ quantity: 0 });
    await fulfillOrder(engine, { source: 'shop', orderReference: 'O-3', occurredAt: at });
    expect(await engine.quantities('WHEEL', 'west')).toMatchObject({ committed: 0, onHand: 4 });
  });
});
