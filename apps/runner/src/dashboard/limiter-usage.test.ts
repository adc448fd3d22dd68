import { randomUUID } from 'node:crypto';
import { createRateLimiter } from '@stockwire/connector-kit';
import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLimiterUsage, sustainedRates } from './limiter-usage.ts';

const redisServer = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = new Redis(redisServer.url);
});
afterAll(async () => {
  await redis?.quit();
});

const policy = {
  operations: {
    pushQuantities: { kind: 'token-bucket', ratePerSecond: 2, burst: 3 },
    Query: { kind: 'cost-bucket', capacity: 100, restorePerSecond: 50, defaultCost: 10, bucket: 'graphql' },
    Mutation: { kind: 'cost-bucket', capacity: 100, restorePerSecond: 50, defaultCost: 10, bucket: 'graphql' },
    report: { kind: 'concurrency', slots: 1, leaseMs: 1_000 },
  },
} as const;

describe('limiter usage', () => {
  it('counts what a real shared limiter granted, per bucket, never what it refused', async () => {
    const usage = createLimiterUsage();
    const limiter = usage.counting(createRateLimiter({ redis, account: `usage-${randomUUID()}`, policy }));
    const decisions = [];
    for (let call = 0; call < 5; call++) decisions.push(await limiter.acquire('pushQuantities'));
    expect(decisions.map((decision) => decision.granted)).toEqual([true, true, true, false, false]);
    expect(usage.granted().get('pushQuantities')).toBe(3);

    // Cost buckets count points, settled to what the vendor charged; operations sharing a bucket add up.
    const query = await limiter.acquire('Query');
    if (!query.granted) throw new Error('the cost bucket refused its first call');
    await query.release({ actualCost: 4 });
    await limiter.acquire('Mutation', 20);
    expect(usage.granted().get('graphql')).toBe(24);

    const slot = await limiter.acquire('report');
    expect(slot.granted).toBe(true);
    expect(usage.granted().has('report')).toBe(false);
  });

  it('knows the sustained rate of every rated bucket from the declared policy', () => {
    const usage = createLimiterUsage();
    const limiter = usage.counting(createRateLimiter({ redis, account: `rates-${randomUUID()}`, policy }));
    expect(sustainedRates(limiter.policy)).toEqual(
      new Map([
        ['pushQuantities', 2],
        ['graphql', 50],
      ]),
    );
  });
});
