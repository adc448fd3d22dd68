import { type InventoryEvent, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createTestEngine } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

// The store holds back what it is expected to sell within one push latency; the marketplace holds back nothing.
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'warehouse', kind: 'warehouse' }],
  skus: [{ id: 'MUG' }, { id: 'CUP' }],
  connections: { erp: { connector: 'file' }, store: { connector: 'shopify' }, market: { connector: 'amazon' } },
  authority: [
    { connections: ['store', 'market'], states: ['committed'] },
    { connections: ['erp'], states: '*' },
  ],
  channels: [
    {
      id: 'web',
      connection: 'store',
      locations: ['warehouse'],
      policy: { dynamicBuffer: { windowMinutes: 10, floor: 1, ceiling: 20 } },
    },
    { id: 'fbm', connection: 'market', locations: ['warehouse'] },
  ],
});

// The fixture's clock stands at 2026-11-27T12:00:00Z.
const stock = (sku: string, onHand: number): InventoryEvent => ({
  kind: 'snapshot',
  idempotencyKey: `stock-${sku}`,
  source: 'erp',
  occurredAt: '2026-11-27T11:00:00Z',
  sku,
  location: 'warehouse',
  quantities: { onHand },
});
const sale = (key: string, source: string, occurredAt: string, sku = 'MUG'): InventoryEvent => ({
  kind: 'reservation-created',
  idempotencyKey: key,
  source,
  occurredAt,
  sku,
  location: 'warehouse',
  quantity: 1,
  orderReference: key,
  lineReference: '1',
});

async function quantities(engine: ReturnType<typeof createTestEngine>, sku: string) {
  const computed = await engine.compute(sku);
  return Object.fromEntries(computed.map((row) => [row.channel, row.quantity]));
}

describe('a dynamic buffer in the engine', () => {
  it('holds back the store’s sales velocity × its measured push latency, counting only its own recent sales', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest({ connection: 'erp', events: [stock('MUG', 50)] });
    // Nothing sold, no latency measured: the floor of 1.
    expect(await quantities(engine, 'MUG')).toEqual({ web: 49, fbm: 50 });

    // Two flushes measured 240 s and 360 s: the moving average is 300 s.
    await engine.recordPushLatency('store', 240);
    await engine.recordPushLatency('store', 360);
    // The marketplace has no dynamic buffer: its latency is not recorded, and its sales count for no one.
    await engine.recordPushLatency('market', 999);
    expect(await redis.exists(`{test-${process.pid}-1:push-latency:market}`)).toBe(0);

    // 11:51 … 11:57: inside the window (now − 10 min, now]; a sale at exactly 11:50 is on its open edge and does not count.
    const recent = Array.from({ length: 7 }, (_, index) =>
      sale(`store-${index}`, 'store', `2026-11-27T11:5${index + 1}:00Z`),
    );
    const result = await engine.ingest({
      connection: 'store',
      events: [
        ...recent,
        // 11 minutes ago: outside the 10-minute window.
        sale('store-old', 'store', '2026-11-27T11:49:00Z'),
        sale('market-1', 'market', '2026-11-27T11:58:00Z'),
        sale('market-2', 'market', '2026-11-27T11:59:00Z'),
      ],
    });
    // 50 − 10 held = 40 sellable. Store: 7 sold in 10 min × 300 s = 3.5 → 4 held back: 36. Marketplace: 40.
    expect(Object.fromEntries(result.computed.map((row) => [row.channel, row.quantity]))).toEqual({ web: 36, fbm: 40 });
    const web = (await engine.compute('MUG')).find((row) => row.channel === 'web');
    expect(web?.steps.find((step) => step.rule === 'dynamic-buffer')?.detail).toBe(
      'velocity 7 sold in 10 min × latency 300 s = 3.50, rounded up: minus 4 held back',
    );

    // A redelivered sale is a duplicate: it neither takes stock nor counts twice.
    await engine.ingest({ connection: 'store', events: recent.slice(0, 3) });
    expect(await quantities(engine, 'MUG')).toEqual({ web: 36, fbm: 40 });
  });

  it('records nothing for a SKU no channel with a dynamic buffer lists', async () => {
    const narrow = StockwireConfigurationSchema.parse({
      ...configuration,
      channels: [
        { ...configuration.channels[0], skus: ['MUG'] },
        { id: 'fbm', connection: 'market', locations: ['warehouse'] },
      ],
    });
    const engine = createTestEngine(redis, { keyPrefix: `narrow-${process.pid}` }, narrow);
    await engine.ingest({ connection: 'erp', events: [stock('CUP', 5)] });
    await engine.ingest({ connection: 'store', events: [sale('cup-1', 'store', '2026-11-27T11:59:00Z', 'CUP')] });
    expect(await redis.exists(`{narrow-${process.pid}:sku:CUP}:sales`)).toBe(0);
    await engine.ingest({ connection: 'store', events: [sale('mug-1', 'store', '2026-11-27T11:59:00Z')] });
    expect(await redis.zcard(`{narrow-${process.pid}:sku:MUG}:sales`)).toBe(1);
  });
});
