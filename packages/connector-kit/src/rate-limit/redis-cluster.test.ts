import { setTimeout as sleep } from 'node:timers/promises';
import { useRedisServer } from '@stockwire/testing';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.ts';

// A one-node cluster that owns every slot: Redis enforces the same-slot rule for scripts exactly as on a big one.
// The node must announce its address, or CLUSTER SLOTS reports an empty host the client cannot connect to.
const redisServer = useRedisServer({
  extraArguments: ['--cluster-enabled', 'yes', '--cluster-announce-ip', '127.0.0.1'],
});

describe('the limiter on Redis Cluster', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    const setup = new Redis(redisServer.url);
    await setup.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    // The node declares the cluster healthy a moment after it owns the slots.
    let state = '';
    for (let attempt = 0; attempt < 200 && state !== 'ok'; attempt++) {
      state = /cluster_state:(\w+)/.exec(String(await setup.call('CLUSTER', 'INFO')))?.[1] ?? '';
      if (state !== 'ok') await sleep(50);
    }
    if (state !== 'ok') throw new Error(`the one-node cluster never became healthy (state: ${state})`);
    setup.disconnect();
    cluster = new Cluster([{ host: '127.0.0.1', port: redisServer.port }]);
  }, 30_000);
  afterAll(() => {
    cluster.disconnect();
  });

  it('rejects a script whose keys span slots, so this cluster would catch keys without a hash tag', async () => {
    await expect(cluster.eval("return redis.call('GET', KEYS[2])", 2, 'stockwire:a', 'stockwire:b')).rejects.toThrow(
      /CROSSSLOT/,
    );
  });

  it('runs every mechanism and the pause, whose scripts each touch two keys of the account', async () => {
    const limiter = createRateLimiter({
      redis: cluster,
      account: 'shop-cluster',
      policy: {
        operations: {
          orders: { kind: 'token-bucket', ratePerSecond: 1, burst: 1 },
          graphql: { kind: 'cost-bucket', capacity: 100, restorePerSecond: 10 },
        },
        defaultLimit: { kind: 'concurrency', slots: 1, leaseMs: 10_000 },
      },
    });
    expect((await limiter.acquire('orders')).granted).toBe(true);
    expect((await limiter.acquire('orders')).granted).toBe(false);
    const cost = await limiter.acquire('graphql', 60);
    if (!cost.granted) throw new Error('the bucket is full');
    await cost.release({
      actualCost: 30,
      throttleStatus: { currentlyAvailable: 70, maximumAvailable: 100, restoreRate: 10 },
    });
    const slot = await limiter.acquire('search');
    if (!slot.granted) throw new Error('the slot is free');
    await slot.release();
    await limiter.observe({ operation: 'graphql', status: 429, headers: { 'retry-after': '5' } });
    expect((await limiter.acquire('graphql', 1)).granted).toBe(false);
  });
});
