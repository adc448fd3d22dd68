import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CostBucketOptions, createCostBucket } from './cost-bucket.ts';

const redisServer = useRedisServer();

describe('createCostBucket', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisServer.url);
  });
  afterAll(() => {
    redis.disconnect();
  });

  // Shopify's standard GraphQL Admin bucket: 1000 points, restoring 100 per second.
  const bucketFor = (
    limits: Pick<CostBucketOptions, 'capacity' | 'restorePerSecond'> = {
      capacity: 1_000,
      restorePerSecond: 100,
    },
  ) => createCostBucket({ redis, account: `shop-${randomUUID()}`, bucket: 'graphql', ...limits });

  it('reserves until the points run out, then refuses with the time the missing points take to restore', async () => {
    const bucket = bucketFor();
    expect(await bucket.reserve(600)).toEqual({ granted: true });
    const refused = await bucket.reserve(600);
    if (refused.granted) throw new Error('the bucket must refuse');
    // About 200 points are missing: 2 s at 100 per second, less what restored in between.
    expect(refused.waitMs).toBeGreaterThan(1_500);
    expect(refused.waitMs).toBeLessThanOrEqual(2_001);
  });

  it('grants again after the caller waits the returned waitMs', async () => {
    const bucket = bucketFor({ capacity: 10, restorePerSecond: 20 });
    await bucket.reserve(10);
    const refused = await bucket.reserve(5);
    if (refused.granted) throw new Error('the bucket must refuse');
    await sleep(refused.waitMs);
    expect(await bucket.reserve(5)).toEqual({ granted: true });
  });

  it('refunds the unused part of a reservation when settled with the actual cost', async () => {
    const bucket = bucketFor();
    await bucket.reserve(600);
    await bucket.settle(600, 100);
    expect(await bucket.reserve(600)).toEqual({ granted: true });
  });

  it("adopts the vendor's lower currentlyAvailable from the throttle status", async () => {
    const bucket = bucketFor();
    await bucket.reserve(100);
    await bucket.settle(100, 100, { currentlyAvailable: 50, maximumAvailable: 1_000, restoreRate: 100 });
    const refused = await bucket.reserve(100);
    if (refused.granted) throw new Error('the vendor said only 50 points are left');
    expect(refused.waitMs).toBeLessThanOrEqual(501);
  });

  it("keeps other processes' reservations the vendor has not seen yet", async () => {
    const bucket = bucketFor();
    await bucket.reserve(300);
    await bucket.reserve(300);
    // The first call reached the vendor before the second: the vendor still counts 700 points.
    await bucket.settle(300, 300, { currentlyAvailable: 700, maximumAvailable: 1_000, restoreRate: 100 });
    expect((await bucket.reserve(500)).granted).toBe(false);
  });

  it("adopts the vendor's larger bucket (Shopify Plus) from the throttle status", async () => {
    const bucket = bucketFor();
    await expect(bucket.reserve(1_500)).rejects.toThrow(/can never fit bucket "graphql", which holds 1000 points/);
    await bucket.settle(0, 0, { currentlyAvailable: 2_000, maximumAvailable: 2_000, restoreRate: 200 });
    expect(await bucket.reserve(1_500)).toEqual({ granted: true });
  });

  it('rejects negative costs and nonsensical throttle statuses', async () => {
    const bucket = bucketFor();
    await expect(bucket.reserve(-1)).rejects.toThrow(RangeError);
    await expect(bucket.settle(1, 1, { currentlyAvailable: 1, maximumAvailable: 0, restoreRate: 0 })).rejects.toThrow(
      RangeError,
    );
  });

  it('keeps its state under the hash-tagged account key', async () => {
    const bucket = createCostBucket({
      redis,
      account: 'shop-a',
      bucket: 'graphql',
      capacity: 1_000,
      restorePerSecond: 50,
    });
    await bucket.reserve(10);
    expect(bucket.key).toBe('{stockwire:rl:shop-a}:cost-bucket:graphql');
    expect(await redis.hget(bucket.key, 'available')).toMatch(/^99\d/);
  });
});
