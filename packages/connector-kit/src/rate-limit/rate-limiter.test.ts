import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitPolicy } from './rate-limit-policy.ts';
import { createRateLimiter, type RateLimiter } from './rate-limiter.ts';

const redisServer = useRedisServer();

// Shapes of real published limits: Amazon SP-API per-operation token buckets with a rate header, Shopify's
// GraphQL cost bucket, NetSuite's account-wide concurrency.
const policy: RateLimitPolicy = {
  source: 'test limits shaped like the vendors’ published ones',
  operations: {
    getInventorySummaries: { kind: 'token-bucket', ratePerSecond: 2, burst: 2 },
    inventorySetQuantities: { kind: 'cost-bucket', capacity: 1_000, restorePerSecond: 100, bucket: 'graphql' },
    productVariants: { kind: 'cost-bucket', capacity: 1_000, restorePerSecond: 100, bucket: 'graphql' },
  },
  defaultLimit: { kind: 'concurrency', slots: 1, leaseMs: 60_000, bucket: 'account' },
  feedback: { rateHeader: 'x-amzn-RateLimit-Limit' },
  slowDown: { errorCodes: ['QuotaExceeded', 'THROTTLED'] },
};

describe('RateLimitPolicy', () => {
  it('fills defaults and rejects unknown keys, so a typo in a limit is an error, not a silent default', () => {
    const parsed = RateLimitPolicy.parse({
      operations: { getOrders: { kind: 'token-bucket', ratePerSecond: 1, burst: 5 } },
    });
    expect(parsed.slowDown).toEqual({ statuses: [429], errorCodes: [], defaultPauseMs: 1_000 });
    expect(parsed.feedback.rateValidityMs).toBe(600_000);
    expect(
      RateLimitPolicy.safeParse({ operations: { getOrders: { kind: 'token-bucket', rate: 1, burst: 5 } } }).success,
    ).toBe(false);
    expect(RateLimitPolicy.safeParse({ operations: {}, retries: 3 }).success).toBe(false);
    expect(
      RateLimitPolicy.safeParse({ operations: { x: { kind: 'concurrency', slots: 0, leaseMs: 1_000 } } }).success,
    ).toBe(false);
  });
});

describe('createRateLimiter', () => {
  let redis: Redis;
  let limiter: RateLimiter;
  beforeAll(() => {
    redis = new Redis(redisServer.url);
  });
  afterAll(() => {
    redis.disconnect();
  });
  const freshLimiter = () => {
    limiter = createRateLimiter({ redis, account: `seller-${randomUUID()}`, policy });
    return limiter;
  };

  it('applies the token bucket declared for an operation', async () => {
    const limiter = freshLimiter();
    expect((await limiter.acquire('getInventorySummaries')).granted).toBe(true);
    expect((await limiter.acquire('getInventorySummaries')).granted).toBe(true);
    const refused = await limiter.acquire('getInventorySummaries');
    if (refused.granted) throw new Error('the burst is spent');
    expect(refused.waitMs).toBeLessThanOrEqual(501);
  });

  it('shares one cost bucket between operations that name it, and settles on release', async () => {
    const limiter = freshLimiter();
    const first = await limiter.acquire('inventorySetQuantities', 700);
    if (!first.granted) throw new Error('the bucket is full');
    expect((await limiter.acquire('productVariants', 700)).granted).toBe(false);
    await first.release({ actualCost: 10 });
    await first.release({ actualCost: 700 });
    // The refund of 690 points happened once: 990 minus 700 leaves room for nothing more than 290.
    expect((await limiter.acquire('productVariants', 700)).granted).toBe(true);
    expect((await limiter.acquire('productVariants', 400)).granted).toBe(false);
  });

  it('corrects the cost bucket from the throttle status given on release', async () => {
    const limiter = freshLimiter();
    const grant = await limiter.acquire('inventorySetQuantities', 10);
    if (!grant.granted) throw new Error('the bucket is full');
    await grant.release({
      actualCost: 10,
      throttleStatus: { currentlyAvailable: 5, maximumAvailable: 1_000, restoreRate: 100 },
    });
    expect((await limiter.acquire('productVariants', 100)).granted).toBe(false);
  });

  it('falls back to the default limit for unlisted operations, and frees the slot on release', async () => {
    const limiter = freshLimiter();
    const held = await limiter.acquire('search');
    if (!held.granted) throw new Error('the slot is free');
    expect((await limiter.acquire('get')).granted).toBe(false);
    await held.release();
    expect((await limiter.acquire('get')).granted).toBe(true);
  });

  it('says how to fix an operation the policy does not cover', async () => {
    const strict = createRateLimiter({ redis, account: 'seller-strict', policy: { operations: {} } });
    await expect(strict.acquire('getOrders')).rejects.toThrow(
      'operation "getOrders" has no rate limit in the policy of account "seller-strict"; declare it under operations, or set defaultLimit',
    );
  });

  it('refuses a policy whose operations describe one shared bucket two ways', () => {
    expect(() =>
      createRateLimiter({
        redis,
        account: 'conflict',
        policy: {
          operations: {
            a: { kind: 'cost-bucket', capacity: 1_000, restorePerSecond: 50, bucket: 'graphql' },
            b: { kind: 'cost-bucket', capacity: 2_000, restorePerSecond: 100, bucket: 'graphql' },
          },
        },
      }),
    ).toThrow('operations "a" and "b" share bucket "graphql" but declare different limits');
  });

  it('slows an operation to the rate the vendor reports in its rate header', async () => {
    const limiter = freshLimiter();
    await limiter.observe({
      operation: 'getInventorySummaries',
      status: 200,
      headers: { 'x-amzn-ratelimit-limit': '0.5' },
    });
    await limiter.acquire('getInventorySummaries');
    await limiter.acquire('getInventorySummaries');
    const refused = await limiter.acquire('getInventorySummaries');
    if (refused.granted) throw new Error('the burst is spent');
    // At the reported 0.5 per second a token takes 2 s; at the declared 2 per second only 500 ms.
    expect(refused.waitMs).toBeGreaterThan(1_000);
  });

  it('pauses every caller of the bucket when an answer says slow down, for the wait the vendor asked', async () => {
    const limiter = freshLimiter();
    const other = createRateLimiter({ redis, account: limiter.account, policy });
    await limiter.observe({ operation: 'productVariants', status: 429, headers: { 'retry-after': '2' } });
    const refused = await other.acquire('inventorySetQuantities', 1);
    if (refused.granted) throw new Error('the shared bucket is paused');
    expect(refused.waitMs).toBeGreaterThan(1_000);
    expect(refused.waitMs).toBeLessThanOrEqual(2_000);
    expect((await other.acquire('getInventorySummaries')).granted).toBe(true);
  });

  it('treats declared vendor error codes as slow-down signals, pausing for the default', async () => {
    const limiter = freshLimiter();
    expect(limiter.isSlowDown({ errorCode: 'QuotaExceeded' })).toBe(true);
    expect(limiter.isSlowDown({ status: 429 })).toBe(true);
    expect(limiter.isSlowDown({ status: 400, errorCode: 'InvalidInput' })).toBe(false);
    await limiter.observe({ operation: 'getInventorySummaries', status: 400, headers: {}, errorCode: 'QuotaExceeded' });
    const refused = await limiter.acquire('getInventorySummaries');
    if (refused.granted) throw new Error('the bucket is paused');
    expect(refused.waitMs).toBeLessThanOrEqual(1_000);
    await sleep(refused.waitMs);
    expect((await limiter.acquire('getInventorySummaries')).granted).toBe(true);
  });

  it('ignores answers it cannot attribute to an operation', async () => {
    const limiter = freshLimiter();
    await limiter.observe({ operation: undefined, status: 429, headers: {} });
    expect((await limiter.acquire('getInventorySummaries')).granted).toBe(true);
  });

  it('keeps every key of an account under one hash tag, so the scripts work on Redis Cluster', async () => {
    const limiter = createRateLimiter({ redis, account: 'amazon-eu', policy });
    await limiter.acquire('getInventorySummaries');
    await limiter.acquire('productVariants', 5);
    await limiter.acquire('anything');
    await limiter.pause('getInventorySummaries', 60_000);
    const keys = (await redis.keys('*amazon-eu*')).sort();
    expect(keys).toEqual([
      '{stockwire:rl:amazon-eu}:cost-bucket:graphql',
      '{stockwire:rl:amazon-eu}:pause:getInventorySummaries',
      '{stockwire:rl:amazon-eu}:slots:account',
      '{stockwire:rl:amazon-eu}:token-bucket:getInventorySummaries',
    ]);
    expect(limiter.keyFor('productVariants')).toBe('{stockwire:rl:amazon-eu}:cost-bucket:graphql');
  });
  it('reads how full a bucket is without taking from it: full, drawn down, empty while paused', async () => {
    const limiter = createRateLimiter({ redis, account: `headroom-${randomUUID()}`, policy });
    expect(await limiter.headroom('inventorySetQuantities')).toBe(1);
    await limiter.acquire('inventorySetQuantities', 600);
    // 400 of 1,000 points left, plus whatever restored since (100 per second).
    const drawn = await limiter.headroom('productVariants');
    expect(drawn).toBeGreaterThanOrEqual(0.4);
    expect(drawn).toBeLessThan(0.5);
    expect(await limiter.headroom('inventorySetQuantities')).toBeGreaterThanOrEqual(drawn);
    await limiter.pause('inventorySetQuantities', 60_000);
    expect(await limiter.headroom('inventorySetQuantities')).toBe(0);
    expect(await limiter.headroom('getInventorySummaries')).toBe(1);
  });

  it('without an operation, or for one it does not rate, tells the emptiest rated bucket of the policy', async () => {
    const { defaultLimit: _concurrency, ...rated } = policy;
    const limiter = createRateLimiter({ redis, account: `headroom-${randomUUID()}`, policy: rated });
    expect(await limiter.headroom()).toBe(1);
    await limiter.acquire('getInventorySummaries');
    // One of two tokens taken; they come back at 2 per second.
    const tokens = await limiter.headroom();
    expect(tokens).toBeGreaterThanOrEqual(0.5);
    expect(tokens).toBeLessThan(0.75);
    const unrated = await limiter.headroom('pushQuantities');
    expect(unrated).toBeGreaterThanOrEqual(tokens);
    expect(unrated).toBeLessThan(1);
    expect(await limiter.headroom('inventorySetQuantities')).toBe(1);
    // An operation the default concurrency limit covers has no rate to save by waiting.
    expect(await createRateLimiter({ redis, account: `headroom-${randomUUID()}`, policy }).headroom('any')).toBe(1);
  });
});
