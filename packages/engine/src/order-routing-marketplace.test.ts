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

// An Amazon seller: a warehouse we ship from, and FBA stock that only Amazon ships (first by priority, on purpose).
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'fba', kind: 'marketplace-fulfilled', priority: 1 },
    { id: 'warehouse', kind: 'warehouse', priority: 2 },
  ],
  skus: [{ id: 'MUG' }],
  connections: { erp: { connector: 'file' }, amazon: { connector: 'amazon' } },
  authority: [
    { connections: ['amazon'], states: '*', locations: ['fba'] },
    { connections: ['amazon'], states: ['committed'] },
    { connections: ['erp'], states: '*', locations: ['warehouse'] },
  ],
  channels: [
    { id: 'fbm', connection: 'amazon', locations: ['warehouse'], publishLocation: 'fba' },
    { id: 'fba', connection: 'amazon', locations: ['fba'], publish: false },
  ],
});

const snapshot = (key: string, source: string, location: string, onHand: number): InventoryEvent => ({
  kind: 'snapshot',
  idempotencyKey: key,
  source,
  occurredAt: '2026-11-27T09:00:00Z',
  sku: 'MUG',
  location,
  quantities: { onHand },
});

describe('routing an order we ship', () => {
  it('never sends it to stock the marketplace fulfils itself, whatever its priority', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest({
      connection: '',
      events: [snapshot('fba-1', 'amazon', 'fba', 40), snapshot('wh-1', 'erp', 'warehouse', 3)],
    });
    const placed = await placeOrder(engine, {
      source: 'amazon',
      orderReference: '114-0000001-0000001',
      occurredAt: '2026-11-27T10:00:00Z',
      lines: [{ lineReference: '1', sku: 'MUG', quantity: 2 }],
    });
    expect(placed.decision.allocations).toEqual([
      { lineReference: '1', sku: 'MUG', location: 'warehouse', quantity: 2 },
    ]);
    expect(await engine.quantities('MUG', 'fba')).toMatchObject({ onHand: 40, committed: 0 });
    expect(await engine.quantities('MUG', 'warehouse')).toMatchObject({ onHand: 3, committed: 2 });
  });
});
