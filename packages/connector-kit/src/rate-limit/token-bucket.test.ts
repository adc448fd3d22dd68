import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenBucket, type TokenBucket, type TokenBucketOptions } from './token-bucket.ts';

const redisServer = useRedisServer();

/**
 * Takes tokens until the bucket refuses and returns the wait. Looping (rather than expecting the refusal on an
 * exact call) keeps the tests independent of how fast the machine is: a slow call may see a token refill.
 */
async function waitWhenEmpty(bucket: TokenBucket, tokens = 1): Promise<number> {
  for (let attempt = 0; attempt < 1_000; attempt++) {
    const decision = await bucket.tryAcquire(tokens);
    if (!decision.granted) return decision.waitMs;
  }
  throw new Error('the bucket never refused');
}

describe('createTokenBucket', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisServer.url);
  });
  afterAll(() => {
    redis.disconnect();
  });

  const bucketFor = (limits: Pick<TokenBucketOptions, 'ratePerSecond' | 'burst'>) =>
    createTokenBucket({ redis, account: `account-${randomUUID()}`, bucket: 'getInventorySummaries', ...limits });

  it('grants the burst at once, then refuses with the wait for one token at the declared rate', async () => {
    const bucket = bucketFor({ ratePerSecond: 20, burst: 2 });
    expect(await bucket.tryAcquire()).toEqual({ granted: true });
    expect(await bucket.tryAcquire()).toEqual({ granted: true });
    const waitMs = await waitWhenEmpty(bucket);
    // One token at 20 per second takes at most 50 ms, plus the millisecond of timer slack.
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(51);
  });

  it('asks a larger request to wait longer, in proportion to the missing tokens', async () => {
    const bucket = bucketFor({ ratePerSecond: 2, burst: 2 });
    expect(await bucket.tryAcquire(2)).toEqual({ granted: true });
    const forOne = await bucket.tryAcquire(1);
    const forTwo = await bucket.tryAcquire(2);
    if (forOne.granted || forTwo.granted) throw new Error('an empty bucket must refuse');
    // At 2 per second a token takes 500 ms: one missing token waits at most 500, two more than 500.
    expect(forOne.waitMs).toBeLessThanOrEqual(501);
    expect(forTwo.waitMs).toBeGreaterThan(501);
    expect(forTwo.waitMs).toBeLessThanOrEqual(1_001);
  });

  it('grants again after the caller waits the returned waitMs', async () => {
    const bucket = bucketFor({ ratePerSecond: 20, burst: 2 });
    await sleep(await waitWhenEmpty(bucket));
    expect(await bucket.tryAcquire()).toEqual({ granted: true });
  });

  it('refuses requests larger than the burst, which could never be granted', async () => {
    const bucket = bucketFor({ ratePerSecond: 5, burst: 3 });
    await expect(bucket.tryAcquire(4)).rejects.toThrow(RangeError);
    await expect(bucket.tryAcquire(0)).rejects.toThrow(RangeError);
  });

  it('slows down to the rate the vendor reports, and returns to the declared rate when the report expires', async () => {
    const bucket = bucketFor({ ratePerSecond: 50, burst: 1 });
    await bucket.updateRate(2, 300);
    // At the reported 2 per second a token takes up to 500 ms; at the declared 50 per second, 20 ms.
    const slowedWaitMs = await waitWhenEmpty(bucket);
    expect(slowedWaitMs).toBeGreaterThan(100);
    // Past the report's 300 ms validity the declared rate applies again.
    await sleep(Math.max(slowedWaitMs, 301));
    expect(await waitWhenEmpty(bucket)).toBeLessThanOrEqual(21);
  });

  it('ignores a zero or unreadable reported rate', async () => {
    const bucket = bucketFor({ ratePerSecond: 20, burst: 1 });
    await bucket.updateRate(0);
    await bucket.updateRate(Number.NaN);
    expect(await waitWhenEmpty(bucket)).toBeLessThanOrEqual(51);
  });

  it('refuses every caller while paused, even with tokens left', async () => {
    const bucket = bucketFor({ ratePerSecond: 10, burst: 5 });
    await bucket.pause(400);
    await bucket.pause(100);
    const refused = await bucket.tryAcquire();
    if (refused.granted) throw new Error('a paused bucket must refuse');
    // The shorter second pause did not shorten the first.
    expect(refused.waitMs).toBeGreaterThan(100);
    expect(refused.waitMs).toBeLessThanOrEqual(400);
    await sleep(refused.waitMs + 1);
    expect(await bucket.tryAcquire()).toEqual({ granted: true });
  });

  it('keeps its state under the hash-tagged account key, which expires when idle', async () => {
    const bucket = createTokenBucket({ redis, account: 'shop{eu}:1', bucket: 'orders', ratePerSecond: 10, burst: 5 });
    expect(bucket.key).toBe('{stockwire:rl:shop%7Beu%7D%3A1}:token-bucket:orders');
    await bucket.tryAcquire();
    expect(await redis.exists(bucket.key)).toBe(1);
    const ttl = await redis.pttl(bucket.key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1_500);
  });

  it('survives a server that forgot the script (NOSCRIPT) by loading it again', async () => {
    const bucket = bucketFor({ ratePerSecond: 1, burst: 1 });
    expect(await bucket.tryAcquire()).toEqual({ granted: true });
    await redis.script('FLUSH');
    expect((await bucket.tryAcquire()).granted).toBe(false);
  });
});
