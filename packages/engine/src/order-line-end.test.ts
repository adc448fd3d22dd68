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
  locations: [{ id: 'east', kind: 'warehouse' }],
  skus: [{ id: 'FRAME' }],
  connections: { wms: { connector: 'file' }, shop: { connector: 'shopify' } },
  authority: [
    { connections: ['shop'], states: ['committed'] },
    { connections: ['wms'], states: '*' },
  ],
  channels: [{ id: 'web', connection: 'shop', locations: ['east'] }],
});
const stock: InventoryEvent = {
  kind: 'snapshot',
  idempotencyKey: 'stock',
  source: 'wms',
  occurredAt: '2026-11-27T09:00:00Z',
  sku: 'FRAME',
  location: 'east',
  quantities: { onHand: 10 },
};
const order = { source: 'shop', orderReference: 'O-1', occurredAt: '2026-11-27T10:00:00Z' };
const lines = [
  { lineReference: 'L1', sku: 'FRAME', quantity: 2 },
  { lineReference: 'L2', sku: 'FRAME', quantity: 3 },
];
const cancelLine = { ...order, occurredAt: '2026-11-27T10:01:00Z', reason: 'cancelled', lineReference: 'L1' };
const fulfilWhole = { ...order, occurredAt: '2026-11-27T10:02:00Z' };
const committed = async (engine: ReturnType<typeof createTestEngine>) =>
  (await engine.quantities('FRAME', 'east')).committed;

describe('a hold ends once: released or consumed, never both', () => {
  it('a cancelled line releases only its hold, and the whole order fulfilled later consumes only the rest', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest({ connection: 'wms', events: [stock] });
    await placeOrder(engine, { ...order, lines });
    await releaseOrder(engine, cancelLine);
    expect(await committed(engine)).toBe(3);
    const fulfilled = await fulfillOrder(engine, fulfilWhole);
    // The holds are re-sent first (duplicates); L1's units have ended already, so the fulfilment claims none of
    // them and sends no end for L1 at all (once: applied, committed -2); only L2's hold is consumed.
    expect(fulfilled?.outcomes).toEqual(['duplicate', 'duplicate', 'applied']);
    expect(await committed(engine)).toBe(0);
  });

  it('a shipped line is not released by the cancellation of the rest, in either arrival order', async () => {
    for (const first of ['fulfil', 'cancel'] as const) {
      const engine = createTestEngine(redis, {}, configuration);
      await engine.ingest({ connection: 'wms', events: [stock] });
      await placeOrder(engine, { ...order, lines });
      const fulfilLine = () =>
        fulfillOrder(engine, { ...order, occurredAt: '2026-11-27T10:01:00Z', lineReference: 'L2' });
      const cancelRest = () =>
        releaseOrder(engine, { ...order, occurredAt: '2026-11-27T10:02:00Z', reason: 'cancelled' });
      if (first === 'fulfil') {
        await fulfilLine();
        await cancelRest();
      } else {
        await cancelRest();
        await fulfilLine();
      }
      expect(await committed(engine), `${first} first`).toBe(0);
    }
  });
});
