import { eventListArbitrary } from '@stockwire/model/testing';
import { type RedisClusterHandle, startRedisCluster } from '@stockwire/testing';
import fc from 'fast-check';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from './engine.ts';
import { fixedNow, testConfiguration } from './test-support/engine-fixture.ts';

describe('engine on a three-master Redis Cluster', () => {
  let clusterServers: RedisClusterHandle;
  let cluster: Cluster;
  beforeAll(async () => {
    clusterServers = await startRedisCluster(3);
    cluster = new Cluster([...clusterServers.nodes], { redisOptions: { maxRetriesPerRequest: 1 } });
  }, 60_000);
  afterAll(async () => {
    cluster?.disconnect();
    await clusterServers?.stop();
  });

  it('spreads SKUs over the masters and runs ingest, projection, dirty sets and acknowledgement end to end', async () => {
    const engine = createEngine({
      redis: cluster,
      configuration: testConfiguration,
      options: { keyPrefix: 'cluster', settleHorizonMs: 3e12, idempotencyRetentionMs: 3e12 },
      now: () => fixedNow,
    });
    const [events] = fc.sample(eventListArbitrary(40), { numRuns: 1, seed: 42 });
    const result = await engine.ingest({ connection: '', events: [...events!, ...events!] });
    expect(result.rejections).toEqual([]);
    expect(result.outcomes.filter((outcome) => outcome === 'duplicate').length).toBeGreaterThanOrEqual(events!.length);

    // The SKUs' keys really live on different masters: each node holds some, none holds all.
    const owners = new Set<string>();
    for (const sku of ['SKU-A', 'SKU-B', 'KIT-AB']) {
      const slot = Number(await cluster.call('CLUSTER', 'KEYSLOT', `{cluster:sku:${sku}}:version`));
      const node = cluster.slots[slot]?.[0];
      if (node !== undefined) owners.add(node);
    }
    expect(owners.size).toBeGreaterThan(1);

    const computed = await engine.compute('KIT-AB');
    expect(computed.map((row) => row.channel).sort()).toEqual(['market', 'web']);
    const plan = await engine.planPush('store', 10);
    expect(plan.items.length).toBeGreaterThan(0);
    const written = plan.items.map((item) => ({ key: item.key, outcome: 'written' as const }));
    expect(await engine.settlePush('store', plan, written)).toMatchObject({ written: plan.items.length });
    expect((await engine.ledger('SKU-A', 100)).length + (await engine.ledger('SKU-B', 100)).length).toBeGreaterThan(0);
  }, 60_000);

  it('plans and settles a push over SKUs on different masters (one script per hash slot) and reconciles per SKU', async () => {
    const engine = createEngine({
      redis: cluster,
      configuration: testConfiguration,
      options: { keyPrefix: 'cluster-settle', settleHorizonMs: 3e12, idempotencyRetentionMs: 3e12 },
      now: () => fixedNow,
    });
    const stock = (sku: string, onHand: number) => ({
      kind: 'snapshot',
      idempotencyKey: `stock-${sku}`,
      source: 'erp',
      occurredAt: '2026-11-27T09:00:00Z',
      sku,
      location: 'wh-1',
      quantities: { onHand },
    });
    await engine.ingest({ connection: 'erp', events: [stock('SKU-A', 6), stock('SKU-B', 8)] });
    const plan = await engine.planPush('store', 10);
    expect(plan.items.map((item) => item.sku).sort()).toEqual(['KIT-AB', 'SKU-A', 'SKU-B']);
    const settlement = await engine.settlePush(
      'store',
      plan,
      plan.items.map((item) =>
        item.sku === 'SKU-B'
          ? { key: item.key, outcome: 'stale' as const, remoteQuantity: 2 }
          : { key: item.key, outcome: 'written' as const },
      ),
    );
    expect(settlement).toMatchObject({ written: 2, stale: 1, deferred: 0, moreWaiting: true });
    expect((await engine.status('SKU-A', 'web')).pushed).toMatchObject({ quantity: 5 });
    expect((await engine.status('KIT-AB', 'web')).pushed).toMatchObject({ quantity: 3 });
    expect((await engine.status('SKU-B', 'web')).remote).toMatchObject({ quantity: 2 });
    expect((await engine.planPush('store', 10)).items).toEqual([
      expect.objectContaining({ sku: 'SKU-B', expectedRemote: 2 }),
    ]);
    const later = new Date(fixedNow.getTime() + 60_000).toISOString();
    const reconciled = await engine.reconcile('store', [
      { sku: 'SKU-A', location: 'wh-1', quantities: { available: 5 }, observedAt: later },
      { sku: 'KIT-AB', location: 'wh-1', quantities: { available: 1 }, observedAt: later },
    ]);
    expect(reconciled).toMatchObject({ inSync: 1, pushesScheduled: 1 });
    expect((await engine.drifts()).map((drift) => drift.sku)).toEqual(['KIT-AB']);
  }, 60_000);
});
