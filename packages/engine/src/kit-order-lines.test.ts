import type { InventoryEvent } from '@stockwire/model';
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

const line = (kind: 'reservation-created' | 'reservation-released', key: string, quantity: number) =>
  ({
    kind,
    idempotencyKey: key,
    source: 'store',
    occurredAt: '2026-11-27T09:00:00Z',
    sku: 'KIT-AB',
    location: 'wh-1',
    quantity,
    orderReference: 'order-1',
    lineReference: 'line-1',
    ...(kind === 'reservation-released' ? { reason: 'cancelled' } : {}),
  }) as InventoryEvent;

describe('an order line of a kit', () => {
  it('holds and releases the kit’s components at the line’s location, once however often it arrives', async () => {
    const engine = createTestEngine(redis);
    // KIT-AB = 1 × SKU-A + 2 × SKU-B.
    const placed = await engine.ingest({
      connection: '',
      events: [line('reservation-created', 'o1', 3), line('reservation-created', 'o1', 3)],
    });
    expect(placed.outcomes).toEqual(['applied', 'duplicate']);
    expect(placed.rejections).toEqual([]);
    expect(await engine.quantities('SKU-A', 'wh-1')).toMatchObject({ committed: 3 });
    expect(await engine.quantities('SKU-B', 'wh-1')).toMatchObject({ committed: 6 });

    const released = await engine.ingest({ connection: '', events: [line('reservation-released', 'o1-cancel', 3)] });
    expect(released.outcomes).toEqual(['applied']);
    expect(await engine.quantities('SKU-A', 'wh-1')).toMatchObject({ committed: 0 });
    expect(await engine.quantities('SKU-B', 'wh-1')).toMatchObject({ committed: 0 });
  });

  it('still refuses stock movements of a kit other than order lines', async () => {
    const engine = createTestEngine(redis);
    const result = await engine.ingest({
      connection: '',
      events: [
        {
          kind: 'receipt',
          idempotencyKey: 'r-kit',
          source: 'erp',
          occurredAt: '2026-11-27T09:00:00Z',
          sku: 'KIT-AB',
          location: 'wh-1',
          quantity: 1,
        },
      ],
    });
    expect(result.rejections.map((rejection) => rejection.reason)).toEqual(['unknown-reference']);
  });
});
