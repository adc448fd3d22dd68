import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineContext } from '../jobs/pipeline-context.ts';
import { createRunnerKeys } from '../jobs/runner-keys.ts';
import { batchedDeliveryIds, directDeliveryIds } from './delivery-ids.ts';

const server = useRedisServer();
let redis: Redis;
let observer: Redis;
beforeAll(() => {
  redis = new Redis(server.url);
  observer = new Redis(server.url);
});
afterAll(() => {
  redis.disconnect();
  observer.disconnect();
});

/** What the delivery ids need of a runner's context: its Redis, its keys and the retention. */
const contextOf = (prefix: string) =>
  ({
    redis,
    keys: createRunnerKeys(prefix),
    options: { webhookDeliveryRetentionMs: 60_000 },
  }) as unknown as PipelineContext;

/** Socket reads Redis processed so far (every client's): one per command sent alone, one per pipeline sent whole. */
const readsProcessed = async () => Number(/total_reads_processed:(\d+)/.exec(await observer.info('stats'))?.[1]);

describe('delivery ids of a webhook group', () => {
  it('answers and remembers exactly as one command each would, for ids seen and new alike', async () => {
    const context = contextOf('delivery-ids-same');
    const direct = directDeliveryIds(context, 'shop');
    const batched = batchedDeliveryIds(context, 'shop');
    await direct.remember('old-1', '2026-12-07T10:00:00.000Z');
    const ids = ['old-1', 'new-1', 'new-2', 'old-1'];
    expect(await Promise.all(ids.map((id) => batched.seen(id)))).toEqual([true, false, false, true]);
    await Promise.all([batched.remember('new-1', '2026-12-07T10:01:00.000Z'), batched.remember('new-2', 'x')]);
    expect(await Promise.all(ids.map((id) => direct.seen(id)))).toEqual([true, true, true, true]);
    const key = context.keys.webhookDelivery('shop', 'new-1');
    expect(await redis.get(key)).toBe('2026-12-07T10:01:00.000Z');
    // Remembered for the retention, as before.
    expect(await redis.pttl(key)).toBeGreaterThan(50_000);
    // Another connection's ids are its own.
    expect(await batchedDeliveryIds(context, 'other').seen('new-1')).toBe(false);
  });

  it("sends what a group's deliveries ask in one turn as one pipeline, not one round trip each", async () => {
    const context = contextOf('delivery-ids-pipeline');
    const ids = Array.from({ length: 50 }, (_, index) => `delivery-${index}`);
    // One ask at a time, each waiting for its answer: a read of its own each (the kernel cannot join them).
    const direct = directDeliveryIds(context, 'shop');
    const readsBefore = await readsProcessed();
    for (const id of ids) await direct.seen(id);
    const oneByOne = (await readsProcessed()) - readsBefore;
    // The group's deliveries asking at once, through the group's one batcher: one pipeline, a read or two.
    const batched = batchedDeliveryIds(context, 'shop');
    const groupBefore = await readsProcessed();
    await Promise.all(ids.map((id) => batched.seen(id)));
    const together = (await readsProcessed()) - groupBefore;
    expect(oneByOne).toBeGreaterThanOrEqual(ids.length);
    expect(together).toBeLessThan(10);
  });

  it('gives every waiting delivery the error when Redis refuses the pipeline', async () => {
    const broken = new Redis(server.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true });
    broken.on('error', () => {});
    const context = { ...contextOf('delivery-ids-broken'), redis: broken } as unknown as PipelineContext;
    const batched = batchedDeliveryIds(context, 'shop');
    const answers = await Promise.allSettled([batched.seen('a'), batched.remember('b', 'now')]);
    expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected']);
    broken.disconnect();
  });
});
