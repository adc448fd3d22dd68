import { type InventoryEvent, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineContext, type EngineContext } from './engine-context.ts';
import type { EngineScripts } from './engine-scripts.ts';
import { ingestEvents } from './ingest-events.ts';
import { skusPerProjectionCall } from './project-skus.ts';
import { connect, fixedNow } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

const skuCount = skusPerProjectionCall + 20;
const skuId = (index: number) => `SKU-${String(index).padStart(4, '0')}`;
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'wh-1', kind: 'warehouse' }],
  skus: Array.from({ length: skuCount }, (_, index) => ({ id: skuId(index) })),
  connections: { erp: { connector: 'file' }, store: { connector: 'shopify' }, market: { connector: 'amazon' } },
  authority: [{ connections: ['erp'], states: '*' }],
  channels: [
    { id: 'web', connection: 'store', locations: ['wh-1'] },
    { id: 'marketplace', connection: 'market', locations: ['wh-1'], policy: { percentage: 50 } },
  ],
});

const receipt = (index: number, key: string): InventoryEvent => ({
  kind: 'receipt',
  idempotencyKey: key,
  source: 'erp',
  occurredAt: new Date(fixedNow.getTime() - 60_000 + index).toISOString(),
  sku: skuId(index),
  location: 'wh-1',
  quantity: 4,
});

/** The engine's real scripts on the real Redis, with the calls of each counted. */
function countedContext(keyPrefix: string): { context: EngineContext; calls: Map<string, number> } {
  const real = createEngineContext({
    redis,
    configuration,
    options: { keyPrefix, settleHorizonMs: 3e12, idempotencyRetentionMs: 3e12, maxEventsPerApplyCall: 1_000 },
    now: () => fixedNow,
  });
  const calls = new Map<string, number>();
  const count = <T>(name: string, call: () => T): T => {
    calls.set(name, (calls.get(name) ?? 0) + 1);
    return call();
  };
  const scripts: EngineScripts = {
    ...real.scripts,
    apply: (keys, values) => count('apply', () => real.scripts.apply(keys, values)),
    project: (keys, entries) => count('project', () => real.scripts.project(keys, entries)),
    markDirty: (dirtyKey, sequenceKey, members) =>
      count('markDirty', () => real.scripts.markDirty(dirtyKey, sequenceKey, members)),
  };
  return { context: { ...real, scripts }, calls };
}

describe('projection calls (engine throughput, #14)', () => {
  it('projects a batch of many SKUs in calls of at most skusPerProjectionCall SKUs and marks each connection dirty once', async () => {
    const { context, calls } = countedContext(`projection-calls-${process.pid}`);
    const events = Array.from({ length: skuCount }, (_, index) => receipt(index, `first-${index}`));
    const result = await ingestEvents(context, events, 'erp');
    expect(result.rejections).toEqual([]);
    // One apply call for the batch, two projection calls (500 SKUs, then 20), one dirty marking per connection.
    expect(Object.fromEntries(calls)).toEqual({ apply: 1, project: 2, markDirty: 2 });
    // Every SKU's value was stored and compared on its own: both channels of every SKU wait to be pushed.
    expect(result.computed).toHaveLength(2 * skuCount);
    expect(result.computed.every((row) => row.needsPush === true)).toBe(true);
    const stored = await redis.hget(context.keys.sku(skuId(skuCount - 1)).computed, 'marketplace');
    expect(JSON.parse(stored ?? '{}')).toMatchObject({ quantity: 2, status: 'in-stock' });
  });

  it('gives every dirty mark a score above any earlier one: later marks of a connection sort after earlier ones', async () => {
    const { context } = countedContext(`projection-scores-${process.pid}`);
    await ingestEvents(context, [receipt(0, 'a'), receipt(1, 'b'), receipt(2, 'c')], 'erp');
    const dirtyKey = context.keys.dirty('store');
    const first = await redis.zrange(dirtyKey, '0', '-1', 'WITHSCORES');
    // SKU-0001 changes again: its mark moves past the others, and the new scores continue the sequence.
    await ingestEvents(context, [receipt(1, 'b-again'), receipt(3, 'd')], 'erp');
    const second = await redis.zrange(dirtyKey, '0', '-1', 'WITHSCORES');
    const scores = (flat: string[]) => flat.filter((_, index) => index % 2 === 1).map(Number);
    const members = (flat: string[]) => flat.filter((_, index) => index % 2 === 0);
    expect(new Set(scores(first)).size).toBe(3);
    expect(members(second).slice(0, 2).sort()).toEqual(['web SKU-0000', 'web SKU-0002']);
    expect(members(second).slice(2).sort()).toEqual(['web SKU-0001', 'web SKU-0003']);
    expect(Math.min(...scores(second).slice(2))).toBeGreaterThan(Math.max(...scores(first)));
    expect(new Set(scores(second)).size).toBe(4);
  });
});
