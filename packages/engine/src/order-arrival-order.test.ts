import { type InventoryEvent, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from './engine.ts';
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
  skus: [{ id: 'FRAME' }],
  connections: { wms: { connector: 'file' }, shop: { connector: 'shopify' } },
  authority: [
    { connections: ['shop'], states: ['committed'] },
    { connections: ['wms'], states: '*' },
  ],
  channels: [{ id: 'web', connection: 'shop', locations: ['east', 'west'] }],
});

const stock = (key: string, location: string, onHand: number): InventoryEvent => ({
  kind: 'snapshot',
  idempotencyKey: key,
  source: 'wms',
  occurredAt: '2026-11-27T09:00:00Z',
  sku: 'FRAME',
  location,
  quantities: { onHand },
});
const order = (orderReference: string) => ({
  source: 'shop',
  orderReference,
  occurredAt: '2026-11-27T10:00:00Z',
  lines: [{ lineReference: '1', sku: 'FRAME', quantity: 3 }],
});
const cancel = (orderReference: string, lineReference?: string) => ({
  source: 'shop',
  orderReference,
  occurredAt: '2026-11-27T10:05:00Z',
  reason: 'cancelled' as const,
  lineReference,
});
const committed = async (engine: Engine) =>
  (await engine.quantities('FRAME', 'east')).committed + (await engine.quantities('FRAME', 'west')).committed;

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('orders whose messages arrive in any order', () => {
  it('a cancellation that arrives before its order is kept, and the order then holds nothing', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest([stock('s1', 'east', 5)]);
    expect(await engine.releaseOrder(cancel('O-1'))).toBeUndefined();
    const placed = await engine.placeOrder(order('O-1'));
    expect(placed.decision.reservations).toEqual([]);
    expect(placed.decision.reason).toBe('cancelled before it was placed (2026-11-27T10:05:00Z): nothing held');
    expect(await committed(engine)).toBe(0);
    expect(await engine.orderDecision('shop', 'O-1')).toEqual(placed.decision);
    // The decision is kept as long as idempotency keys are, not forever.
    const [key] = await redis.keys('*:order:shop:O-1}');
    expect(await redis.pttl(key ?? 'missing')).toBeGreaterThan(0);
  });

  it('every arrival order of order, redelivered order and cancellation ends holding nothing, never below zero', async () => {
    const steps = ['place', 'place again', 'cancel'] as const;
    for (const [index, sequence] of permutations(steps).entries()) {
      const engine = createTestEngine(redis, {}, configuration);
      await engine.ingest([stock('s1', 'east', 2), stock('s2', 'west', 5)]);
      const reference = `O-${index}`;
      for (const step of sequence) {
        if (step === 'cancel') await engine.releaseOrder(cancel(reference));
        else await engine.placeOrder(order(reference));
        const held = await committed(engine);
        expect(held, `${sequence.join(' → ')}: after ${step}`).toBeGreaterThanOrEqual(0);
        expect(held).toBeLessThanOrEqual(3);
      }
      expect(await committed(engine), sequence.join(' → ')).toBe(0);
    }
  });

  it('a cancellation racing the placement releases exactly what the placement holds', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest([stock('s1', 'east', 2), stock('s2', 'west', 5)]);
    await Promise.all([engine.placeOrder(order('O-race')), engine.releaseOrder(cancel('O-race'))]);
    await engine.placeOrder(order('O-race'));
    expect(await committed(engine)).toBe(0);
  });

  it('a release of one line of an order not yet seen is left to the caller, and does not stop the order', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest([stock('s1', 'east', 5)]);
    expect(await engine.releaseOrder(cancel('O-line', '1'))).toBeUndefined();
    await engine.placeOrder(order('O-line'));
    expect(await committed(engine)).toBe(3);
    await engine.releaseOrder(cancel('O-line', '1'));
    expect(await committed(engine)).toBe(0);
  });
});
