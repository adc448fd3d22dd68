import { type InventoryEvent, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createTestEngine, fixedNow } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'warehouse', kind: 'warehouse' }],
  skus: [{ id: 'MUG' }, { id: 'CUP' }],
  connections: { erp: { connector: 'file' }, store: { connector: 'shopify' }, pos: { connector: 'file' } },
  authority: [
    { connections: ['store', 'pos'], states: ['committed'] },
    { connections: ['erp', 'pos'], states: '*' },
  ],
  channels: [{ id: 'web', connection: 'store', locations: ['warehouse'], skus: ['MUG'] }],
});
const event = (key: string, fields: Record<string, unknown>): InventoryEvent =>
  ({
    idempotencyKey: key,
    occurredAt: '2026-11-27T09:00:00Z',
    sku: 'MUG',
    location: 'warehouse',
    ...fields,
  }) as InventoryEvent;

describe('ingest(batch)', () => {
  it('applies events before it routes orders, and reports sales, rejections and the connections to push', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    const stock = event('s1', { kind: 'snapshot', source: 'erp', quantities: { onHand: 5 } });
    const result = await engine.ingest({
      connection: 'store',
      events: [stock, { kind: 'nonsense' }],
      orders: [
        {
          kind: 'order-placed',
          source: 'store',
          orderReference: 'O-1',
          occurredAt: '2026-11-27T10:00:00Z',
          lines: [{ lineReference: '1', sku: 'MUG', quantity: 2 }],
        },
        { kind: 'order-placed', source: 'store', orderReference: 'O-2' },
      ],
    });
    expect(result.outcomes).toEqual(['applied', undefined]);
    expect(result.orders).toEqual([
      expect.objectContaining({ outcome: 'placed', decision: expect.objectContaining({ orderReference: 'O-1' }) }),
    ]);
    expect(result.rejections.map(({ kind, index, reason, retryable }) => ({ kind, index, reason, retryable }))).toEqual(
      [
        { kind: 'event', index: 1, reason: 'invalid', retryable: false },
        { kind: 'order', index: 1, reason: 'invalid', retryable: false },
      ],
    );
    expect(result.rejections.map((rejection) => rejection.source)).toEqual(['store', 'store']);
    // The order routed over the stock of the same batch: the hold is a sale on the store.
    expect(result.sales).toEqual([
      {
        connection: 'store',
        sku: 'MUG',
        quantity: 2,
        eventId: expect.stringContaining('order:store:O-1:1:'),
        occurredAt: '2026-11-27T10:00:00Z',
      },
    ]);
    expect((await engine.quantities('MUG', 'warehouse')).committed).toBe(2);
    expect(result.dirtyConnections).toEqual(['store']);

    // A redelivery holds nothing again, so it sells nothing.
    const again = await engine.ingest({ connection: 'store', orders: [result.orders[0]?.record] });
    expect(again.orders[0]?.outcome).toBe('placed');
    expect(again.sales).toEqual([]);
    expect((await engine.quantities('MUG', 'warehouse')).committed).toBe(2);
  });

  it('counts as a sale only stock taken by the connection of a channel that lists the SKU', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    const hold = (key: string, source: string, sku: string) =>
      event(key, { kind: 'reservation-created', source, sku, quantity: 1, orderReference: key, lineReference: '1' });
    const result = await engine.ingest({
      connection: 'store',
      events: [
        hold('h1', 'store', 'MUG'),
        // The store's channel does not list CUP, and the till has no channel: neither is a sale of a channel.
        hold('h2', 'store', 'CUP'),
        event('t1', { kind: 'shipment', source: 'pos', quantity: 1 }),
        // A shipment that consumes an order's hold was counted when it was held.
        event('c1', {
          kind: 'reservation-consumed',
          source: 'store',
          quantity: 1,
          orderReference: 'h1',
          lineReference: '1',
        }),
      ],
    });
    expect(result.rejections).toEqual([]);
    expect(result.sales).toEqual([
      { connection: 'store', sku: 'MUG', quantity: 1, eventId: 'h1', occurredAt: '2026-11-27T09:00:00Z' },
    ]);
  });

  it('takes an array as events only, with the same fields (the deprecated signature)', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    const result = await engine.ingest({
      connection: '',
      events: [event('s1', { kind: 'snapshot', source: 'erp', quantities: { onHand: 5 } })],
    });
    expect(result).toMatchObject({ outcomes: ['applied'], orders: [], sales: [], dirtyConnections: ['store'] });
    expect(result.computed).toEqual([expect.objectContaining({ channel: 'web', quantity: 5, needsPush: true })]);
  });

  it('reconciles records of what the connection shows', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    const result = await engine.ingest({
      connection: 'store',
      records: [
        { sku: 'MUG', location: 'warehouse', quantities: { available: 4 }, observedAt: fixedNow.toISOString() },
      ],
    });
    expect(result.reconciliation).toMatchObject({
      drifts: [expect.objectContaining({ cause: 'never-pushed', actual: 4 })],
      pushesScheduled: 1,
    });
    expect(result.dirtyConnections).toEqual(['store']);
  });
});
