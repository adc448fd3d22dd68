import type { InventoryEvent } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SkuState } from './read-sku-state.ts';
import { clearOnReconnect, createSkuStateCache } from './sku-state-cache.ts';
import { connect, createTestEngine } from './test-support/engine-fixture.ts';
import { commandCalls } from './test-support/redis-work.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

/** A state of `sku` at `version` holding `count` positions (their content does not matter to the cache). */
function stateOf(sku: string, version: number, count: number): SkuState {
  const positions = new Map(
    Array.from({ length: count }, (_, index) => [
      `loc-${index}`,
      { sku, location: `loc-${index}`, bases: {}, pending: {}, incomingDates: {} },
    ]),
  );
  return { sku, version, positions };
}

describe('the SKU state cache', () => {
  it('serves a state only at the exact version it was remembered at', () => {
    const cache = createSkuStateCache({ maximumPositions: 100, maximumAgeMs: 60_000 });
    const state = stateOf('SKU-A', 7, 3);
    cache.remember(state);
    expect(cache.at('SKU-A', 7)).toBe(state);
    // Another runner applied since (8), or the stored one is older than what was remembered: not this state.
    expect(cache.at('SKU-A', 8)).toBeUndefined();
    expect(cache.at('SKU-A', 6)).toBeUndefined();
    expect(cache.at('SKU-B', 7)).toBeUndefined();
  });

  it('replaces a SKU with the state remembered last, even a lower version (versions restart when Redis loses data)', () => {
    const cache = createSkuStateCache({ maximumPositions: 100, maximumAgeMs: 60_000 });
    cache.remember(stateOf('SKU-A', 57, 2));
    const afterLoss = stateOf('SKU-A', 1, 2);
    cache.remember(afterLoss);
    expect(cache.at('SKU-A', 57)).toBeUndefined();
    expect(cache.at('SKU-A', 1)).toBe(afterLoss);
    expect(cache.positions).toBe(2);
  });

  it('holds at most the bound in positions, dropping the SKUs remembered longest ago', () => {
    const cache = createSkuStateCache({ maximumPositions: 10, maximumAgeMs: 60_000 });
    for (let index = 0; index < 6; index++) cache.remember(stateOf(`SKU-${index}`, 1, 3));
    // 6 × 3 positions over a bound of 10: the last three SKUs stay (9 positions).
    expect(cache.positions).toBe(9);
    expect([0, 1, 2, 3, 4, 5].map((index) => cache.at(`SKU-${index}`, 1) !== undefined)).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
    // A SKU larger than the whole bound is not kept, and a SKU without positions still counts.
    cache.remember(stateOf('HUGE', 1, 11));
    expect(cache.at('HUGE', 1)).toBeUndefined();
    for (let index = 0; index < 50; index++) cache.remember(stateOf(`EMPTY-${index}`, 0, 0));
    expect(cache.positions).toBe(10);
  });

  it('stops serving a state older than the age bound, and keeps nothing when the bound is 0', () => {
    let clock = 1_000;
    const cache = createSkuStateCache({ maximumPositions: 100, maximumAgeMs: 500, now: () => clock });
    cache.remember(stateOf('SKU-A', 3, 2));
    clock += 500;
    expect(cache.at('SKU-A', 3)).toBeDefined();
    clock += 1;
    expect(cache.at('SKU-A', 3)).toBeUndefined();
    expect(cache.positions).toBe(0);
    // Expired entries go as soon as anything is remembered, not only when asked for.
    cache.remember(stateOf('SKU-B', 1, 2));
    clock += 400;
    cache.remember(stateOf('SKU-C', 1, 2));
    expect(cache.positions).toBe(4);
    clock += 101;
    cache.remember(stateOf('SKU-D', 1, 2));
    expect(cache.positions).toBe(4);
    expect(cache.at('SKU-B', 1)).toBeUndefined();
    const off = createSkuStateCache({ maximumPositions: 0, maximumAgeMs: 500 });
    off.remember(stateOf('SKU-A', 3, 2));
    off.remember(stateOf('SKU-B', 0, 0));
    expect(off.at('SKU-A', 3)).toBeUndefined();
    expect(off.positions).toBe(0);
  });

  it('lets an idle cache go once its entries are older than the age bound', async () => {
    const cache = createSkuStateCache({ maximumPositions: 100, maximumAgeMs: 20 });
    cache.remember(stateOf('SKU-A', 1, 3));
    expect(cache.positions).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(cache.positions).toBe(0);
  });

  it('is emptied when its Redis client connects again (a restart or failover may have lost data)', async () => {
    const client = connect(server.url);
    try {
      await client.ping();
      const cache = createSkuStateCache({ maximumPositions: 100, maximumAgeMs: 60_000 });
      clearOnReconnect(client, cache);
      cache.remember(stateOf('SKU-A', 4, 2));
      const ready = new Promise((resolve) => client.once('ready', resolve));
      client.disconnect(true);
      await ready;
      expect(cache.at('SKU-A', 4)).toBeUndefined();
      expect(cache.positions).toBe(0);
    } finally {
      client.disconnect();
    }
  });
});

const receipt = (key: string, location: string, quantity: number): InventoryEvent => ({
  kind: 'receipt',
  idempotencyKey: key,
  source: 'erp',
  occurredAt: '2026-11-27T09:00:00Z',
  sku: 'SKU-A',
  location,
  quantity,
});

/** HGETALL calls Redis ran while `action` ran (positions, pushed and remote hashes alike). */
async function hashReads(action: () => Promise<unknown>): Promise<number> {
  const before = (await commandCalls(redis)).get('hgetall') ?? 0;
  await action();
  return ((await commandCalls(redis)).get('hgetall') ?? 0) - before;
}

describe('planning a push from the state the last apply returned', () => {
  it('reads no position again when nothing changed since, and plans the same as a fresh read', async () => {
    const cached = createTestEngine(redis);
    const uncached = createTestEngine(redis, { stateCacheMaxPositions: 0 });
    for (const engine of [cached, uncached]) {
      await engine.ingest({
        connection: 'erp',
        events: [receipt('r1', 'wh-1', 10), receipt('r2', 'wh-2', 4), receipt('r3', 'store-1', 3)],
      });
    }
    let cachedPlan: Awaited<ReturnType<typeof cached.planPush>> | undefined;
    let uncachedPlan: typeof cachedPlan;
    const readsCached = await hashReads(async () => {
      cachedPlan = await cached.planPush('store', 10);
    });
    const readsUncached = await hashReads(async () => {
      uncachedPlan = await uncached.planPush('store', 10);
    });
    // Both plan SKU-A and KIT-AB on the web channel; the plain SKU's three positions are not read again.
    expect(readsUncached - readsCached).toBe(3);
    const items = (plan: typeof cachedPlan) =>
      (plan?.items ?? []).map(({ channel, sku, quantity, status }) => ({ channel, sku, quantity, status }));
    expect(items(cachedPlan)).toEqual(items(uncachedPlan));
    // 10 + 4 + 3 on hand, less the web channel's buffer of 1.
    expect(items(cachedPlan)).toContainEqual(expect.objectContaining({ channel: 'web', sku: 'SKU-A', quantity: 16 }));
  });

  it('plans from what another runner applied meanwhile, never from the state it remembered', async () => {
    // Two runners of one installation: the same key prefix, each engine with a cache of its own.
    const keyPrefix = `state-cache-two-runners-${process.pid}`;
    const first = createTestEngine(redis, { keyPrefix });
    const second = createTestEngine(redis, { keyPrefix });
    await first.ingest({ connection: 'erp', events: [receipt('first', 'wh-1', 10)] });
    await second.ingest({ connection: 'erp', events: [receipt('second', 'wh-1', 5)] });
    const plan = await first.planPush('store', 10);
    // 15 on hand less the buffer of 1; the first engine's remembered state (10 on hand) would plan 9.
    expect(plan.items).toContainEqual(expect.objectContaining({ channel: 'web', sku: 'SKU-A', quantity: 14 }));
  });
});
