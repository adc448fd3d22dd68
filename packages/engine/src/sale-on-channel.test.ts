import { type InventoryEvent, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushEverything } from './test-support/engine-calls.ts';
import { connect, createTestEngine } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

// Amazon shows half of what the warehouse can sell; a store shows all of it.
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'warehouse', kind: 'warehouse' }],
  skus: [{ id: 'MUG' }],
  connections: { erp: { connector: 'file' }, amazon: { connector: 'amazon' }, store: { connector: 'shopify' } },
  authority: [
    { connections: ['amazon', 'store'], states: ['committed'] },
    { connections: ['erp'], states: '*' },
  ],
  channels: [
    { id: 'fbm', connection: 'amazon', locations: ['warehouse'], policy: { percentage: 50 } },
    { id: 'web', connection: 'store', locations: ['warehouse'] },
  ],
});

const sale = (key: string, source: string): InventoryEvent => ({
  kind: 'reservation-created',
  idempotencyKey: key,
  source,
  occurredAt: '2026-11-27T10:00:00Z',
  sku: 'MUG',
  location: 'warehouse',
  quantity: 1,
  orderReference: key,
  lineReference: '1',
});

describe('a sale on a channel', () => {
  it('makes that channel push again even when the computed quantity did not change (the vendor lowered its own)', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest({
      connection: '',
      events: [
        {
          kind: 'snapshot',
          idempotencyKey: 'stock',
          source: 'erp',
          occurredAt: '2026-11-27T09:00:00Z',
          sku: 'MUG',
          location: 'warehouse',
          quantities: { onHand: 11 },
        },
      ],
    });
    // Both channels pushed: fbm shows ⌊11 × 50%⌋ = 5, web shows 11.
    for (const connection of ['amazon', 'store']) await pushEverything(engine, connection);
    expect((await engine.status('MUG', 'fbm')).pushed?.quantity).toBe(5);

    // Amazon sells one: ⌊10 × 50%⌋ is still 5, but Amazon's listing now shows 4 — so fbm must be pushed again.
    await engine.ingest({ connection: '', events: [sale('amazon-order-1', 'amazon')] });
    expect((await engine.status('MUG', 'fbm')).computed?.quantity).toBe(5);
    const again = await engine.planPush('amazon', 10);
    expect(again.items.map(({ channel, quantity }) => [channel, quantity])).toEqual([['fbm', 5]]);
    // The store's own number changed with the sale as it always does; what it last showed is still on record.
    expect((await engine.status('MUG', 'web')).pushed?.quantity).toBe(11);

    // A redelivered sale is a duplicate and forgets nothing.
    await engine.settlePush(
      'amazon',
      again,
      again.items.map((item) => ({ key: item.key, outcome: 'written' as const })),
    );
    await engine.ingest({ connection: '', events: [sale('amazon-order-1', 'amazon')] });
    expect((await engine.status('MUG', 'fbm')).pushed?.quantity).toBe(5);
    expect(await engine.dirtyCount('amazon')).toBe(0);
  });
});
