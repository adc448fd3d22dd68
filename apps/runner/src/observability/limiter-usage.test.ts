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

  it('reads the budget as the share of the bucket drawn down, refilled at its rate (issue #13.8: read 17,844 %)', async () => {
    // Amazon's searchOrders: one call per 3 minutes sustained, a burst of 20. One call a second apart from the
    // previous reading was shown as 1 / 0.0056 = 17,857 % of the sustained rate.
    const amazonLike = {
      operations: {
        searchOrders: { kind: 'token-bucket', ratePerSecond: 0.0056, burst: 20 },
        report: { kind: 'concurrency', slots: 1, leaseMs: 1_000 },
      },
    } as const;
    let clock = 1_000_000;
    const usage = createLimiterUsage({ now: () => clock });
    expect(usage.budgetUsed()).toBeNull();
    const limiter = usage.counting(createRateLimiter({ redis, account: `budget-${randomUUID()}`, policy: amazonLike }));
    expect(usage.budgetUsed()).toBe(0);

    await limiter.acquire('searchOrders');
    expect(usage.budgetUsed()).toBeCloseTo(1 / 20, 10);

    // Draining the bucket reads 100 %, never more: the limiter grants no more than the bucket holds.
    while ((await limiter.acquire('searchOrders')).granted);
    expect(usage.budgetUsed()).toBeCloseTo(1, 10);
    // Then it refills at the sustained rate, until it is full again.
    clock += 60_000;
    expect(usage.budgetUsed()).toBeCloseTo((20 - 0.0056 * 60) / 20, 10);
    clock += 3_600_000;
    expect(usage.budgetUsed()).toBe(0);
  });

  it('shows the deepest draw since the previous reading, so a bucket that refills between samples still shows it', async () => {
    let clock = 0;
    const usage = createLimiterUsage({ now: () => clock });
    const limiter = usage.counting(createRateLimiter({ redis, account: `peak-${randomUUID()}`, policy }));
    for (let call = 0; call < 3; call++) await limiter.acquire('pushQuantities');
    // pushQuantities refills 2 a second: a sample two seconds later finds it full, but it was 3 / 3 deep.
    clock += 2_000;
    expect(usage.budgetUsed()).toBeCloseTo(1, 10);
    expect(usage.budgetUsed()).toBe(0);
  });

  it('reads a cost bucket in points against its capacity, settled to what the vendor charged', async () => {
    let clock = 0;
    const usage = createLimiterUsage({ now: () => clock });
    const limiter = usage.counting(createRateLimiter({ redis, account: `points-${randomUUID()}`, policy }));
    const query = await limiter.acquire('Query', 30);
    if (!query.granted) throw new Error('the cost bucket refused its first call');
    await query.release({ actualCost: 20 });
    await limiter.acquire('Mutation', 20);
    // 40 of the graphql bucket's 100 points, the busiest bucket (pushQuantities is untouched).
    expect(usage.budgetUsed()).toBeCloseTo(0.4, 10);
    clock += 500;
    expect(usage.budgetUsed()).toBeCloseTo((40 - 25) / 100, 10);
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
