import { type InventoryEvent, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineContext } from './engine-context.ts';
import { ingestEvents } from './ingest-events.ts';
import { planPush, takeDirty } from './push-planning.ts';
import { settlePush } from './settle-push.ts';
import { connect, fixedNow } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

// More held SKUs than the script reads in one range (1,000), all older than the free ones behind them.
const heldCount = 1_200;
const freeCount = 5;
const sku = (index: number) => `HOLD-${String(index).padStart(4, '0')}`;
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'dc', kind: 'warehouse' }],
  skus: Array.from({ length: heldCount + freeCount }, (_, index) => ({ id: sku(index) })),
  connections: { erp: { connector: 'file' }, market: { connector: 'amazon' } },
  authority: [{ connections: ['erp'], states: '*' }],
  channels: [{ id: 'amazon', connection: 'market', locations: ['dc'] }],
});
const receipt = (index: number): InventoryEvent => ({
  kind: 'receipt',
  idempotencyKey: `receipt-${index}`,
  source: 'erp',
  occurredAt: new Date(fixedNow.getTime() - 60_000 + index).toISOString(),
  sku: sku(index),
  location: 'dc',
  quantity: 3,
});
const inFeed = (retryAfterMs: number) => ({
  name: 'AmazonFeedInProgressError',
  message: 'feed is IN_PROGRESS',
  code: 'feed_in_progress',
  retryable: true,
  retryAfterMs,
});

describe('taking dirty entries past held ones (#14)', () => {
  it('skips every held member in Redis, says whether free ones wait beyond, and gives the held back when their hold ends', async () => {
    let clock = fixedNow.getTime();
    const context = createEngineContext({
      redis,
      configuration,
      options: { keyPrefix: `take-dirty-${process.pid}`, settleHorizonMs: 3e12, idempotencyRetentionMs: 3e12 },
      now: () => new Date(clock),
    });
    await ingestEvents(
      context,
      Array.from({ length: heldCount }, (_, index) => receipt(index)),
      'erp',
    );
    const feed = await planPush(context, 'market', heldCount);
    expect(feed.items).toHaveLength(heldCount);
    // The feed's SKUs wait on Amazon: the first 600 for 30 s, the rest for 60 s.
    await settlePush(
      context,
      'market',
      feed,
      feed.items.map((item, index) => ({
        key: item.key,
        outcome: 'failed' as const,
        error: inFeed(index < 600 ? 30_000 : 60_000),
      })),
    );
    // Changes of other SKUs come in behind them.
    await ingestEvents(
      context,
      Array.from({ length: freeCount }, (_, index) => receipt(heldCount + index)),
      'erp',
    );
    const skusOf = (entries: ReadonlyArray<{ sku: string }>) => entries.map((entry) => entry.sku);

    const first = await takeDirty(context, 'market', 3);
    expect(skusOf(first.entries)).toEqual([sku(heldCount), sku(heldCount + 1), sku(heldCount + 2)]);
    expect(first.moreWaiting).toBe(true);
    expect(first.heldUntilMs).toBe(fixedNow.getTime() + 30_000);

    const all = await takeDirty(context, 'market', freeCount);
    expect(skusOf(all.entries)).toEqual(Array.from({ length: freeCount }, (_, index) => sku(heldCount + index)));
    expect(all.moreWaiting).toBe(false);
    expect(await takeDirty(context, 'market', 0)).toEqual({
      entries: [],
      moreWaiting: true,
      heldUntilMs: fixedNow.getTime() + 30_000,
    });

    // Past the first holds: those 600 come back first (they were marked first), the later holds still skipped.
    clock += 30_001;
    const after = await takeDirty(context, 'market', 1_000);
    expect(after.entries).toHaveLength(600 + freeCount);
    expect(skusOf(after.entries.slice(0, 600))).toEqual(Array.from({ length: 600 }, (_, index) => sku(index)));
    expect(after.moreWaiting).toBe(false);
    expect(after.heldUntilMs).toBe(fixedNow.getTime() + 60_000);

    // Past every hold: nothing is held any more.
    clock += 30_000;
    const free = await takeDirty(context, 'market', 2_000);
    expect(free.entries).toHaveLength(heldCount + freeCount);
    expect(free.heldUntilMs).toBeUndefined();
  });
});
