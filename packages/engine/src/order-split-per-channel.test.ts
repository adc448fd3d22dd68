import { type InventoryEvent, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrder } from './test-support/engine-calls.ts';
import { connect, createTestEngine } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

// Two stores over the same two warehouses: `wholesale` ships every order in one parcel (allowSplit: false), `web`
// says nothing (orders split as they say).
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'east', kind: 'warehouse', priority: 1 },
    { id: 'west', kind: 'warehouse', priority: 2 },
  ],
  skus: [{ id: 'FRAME' }],
  connections: { wms: { connector: 'file' }, shop: { connector: 'shopify' }, b2b: { connector: 'shopify' } },
  authority: [
    { connections: ['shop', 'b2b'], states: ['committed'] },
    { connections: ['wms'], states: '*' },
  ],
  channels: [
    { id: 'web', connection: 'shop', locations: ['east', 'west'] },
    { id: 'wholesale', connection: 'b2b', locations: ['east', 'west'], allowSplit: false },
  ],
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
const order = (source: string, reference: string, quantity: number, allowSplit?: boolean) => ({
  source,
  orderReference: reference,
  occurredAt: '2026-11-27T10:00:00Z',
  ...(allowSplit === undefined ? {} : { allowSplit }),
  lines: [{ lineReference: '1', sku: 'FRAME', quantity }],
});

describe('allowSplit per channel', () => {
  it("splits a line of a channel that allows it, and holds a no-split channel's line whole at one location", async () => {
    const engine = createTestEngine(redis, {}, configuration);
    // east (first by priority) has 3, west 6: an order of 4 splits 3 + 1, or goes whole to west.
    await engine.ingest({ connection: 'wms', events: [stock('s1', 'east', 3), stock('s2', 'west', 6)] });

    const web = await placeOrder(engine, order('shop', 'web-1', 4));
    expect(web.decision.allocations).toEqual([
      { lineReference: '1', sku: 'FRAME', location: 'east', quantity: 3 },
      { lineReference: '1', sku: 'FRAME', location: 'west', quantity: 1 },
    ]);

    // The order record says nothing (allowSplit defaults to true); the channel's setting decides.
    const wholesale = await placeOrder(engine, order('b2b', 'b2b-1', 4));
    expect(wholesale.decision.allocations).toEqual([
      { lineReference: '1', sku: 'FRAME', location: 'west', quantity: 4 },
    ]);
    expect(wholesale.decision.reason).toMatch(/^whole order from west/);
    expect(await engine.quantities('FRAME', 'east')).toMatchObject({ committed: 3 });
    expect(await engine.quantities('FRAME', 'west')).toMatchObject({ committed: 5 });
  });

  it('lets an order that forbids splitting forbid it on a channel that allows it, and an unfillable line waits whole', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest({ connection: 'wms', events: [stock('s1', 'east', 3), stock('s2', 'west', 3)] });

    const unsplit = await placeOrder(engine, order('shop', 'web-2', 3, false));
    expect(unsplit.decision.allocations).toEqual([{ lineReference: '1', sku: 'FRAME', location: 'east', quantity: 3 }]);
    // 3 left (at west): 4 fit nowhere whole, so nothing is held and the line is reported unfilled, not split.
    const wholesale = await placeOrder(engine, order('b2b', 'b2b-2', 4));
    expect(wholesale.decision).toMatchObject({
      allocations: [],
      unfilled: [{ lineReference: '1', sku: 'FRAME', quantity: 4 }],
    });
    expect(await engine.quantities('FRAME', 'west')).toMatchObject({ committed: 0 });
  });
});
