import { type InventoryEvent, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineContext } from './engine-context.ts';
import { ingestEvents } from './ingest-events.ts';
import { planPush } from './push-planning.ts';
import { entriesPerSettleCall, settlePush } from './settle-push.ts';
import { connect, fixedNow } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

// More SKUs than one settle call takes: every SKU's keys hash to their own slot.
const skuCount = entriesPerSettleCall + 30;
const skuName = (index: number) => `SETTLE-${String(index).padStart(4, '0')}`;
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'dc', kind: 'warehouse' }],
  skus: Array.from({ length: skuCount }, (_, index) => ({ id: skuName(index) })),
  connections: { erp: { connector: 'file' }, store: { connector: 'shopify' } },
  authority: [{ connections: ['erp'], states: '*' }],
  channels: [{ id: 'web', connection: 'store', locations: ['dc'] }],
});

const receiptOf = (index: number, quantity: number, key: string): InventoryEvent => ({
  kind: 'receipt',
  idempotencyKey: key,
  source: 'erp',
  occurredAt: new Date(fixedNow.getTime() - 60_000 + index).toISOString(),
  sku: skuName(index),
  location: 'dc',
  quantity,
});

describe('settling a push (engine, #14)', () => {
  it('settles a plan of many SKUs in calls of at most entriesPerSettleCall on a single Redis, each SKU recorded as pushed', async () => {
    const real = createEngineContext({
      redis,
      configuration,
      options: { keyPrefix: `settle-calls-${process.pid}`, settleHorizonMs: 3e12, idempotencyRetentionMs: 3e12 },
      now: () => fixedNow,
    });
    const settleCalls: number[] = [];
    const context = {
      ...real,
      scripts: {
        ...real.scripts,
        settleSlot: (keys: readonly string[], entries: string) => {
          settleCalls.push(keys.length);
          return real.scripts.settleSlot(keys, entries);
        },
      },
    };
    await ingestEvents(
      context,
      Array.from({ length: skuCount }, (_, index) => receiptOf(index, 1 + (index % 7), `first-${index}`)),
      'erp',
    );
    const plan = await planPush(context, 'store', 2 * skuCount);
    expect(plan.items).toHaveLength(skuCount);
    const settlement = await settlePush(
      context,
      'store',
      plan,
      plan.items.map((item) => ({ key: item.key, outcome: 'written' as const })),
    );
    // Two calls (500 SKUs, then 30), not one per SKU's slot.
    expect(settleCalls).toEqual([entriesPerSettleCall, 30]);
    expect(settlement).toMatchObject({ written: skuCount, deferred: 0, moreWaiting: false });
    for (const index of [0, entriesPerSettleCall - 1, entriesPerSettleCall, skuCount - 1]) {
      const pushed = JSON.parse((await redis.hget(context.keys.sku(skuName(index)).pushed, 'web')) ?? '{}');
      expect(pushed).toMatchObject({ quantity: 1 + (index % 7) });
    }
    // Nothing is left to plan: every value the plan carried is on the remote.
    expect((await planPush(context, 'store', 2 * skuCount)).items).toEqual([]);
  });
});
