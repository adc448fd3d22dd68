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
    const result = await engine.ingest([...events!, ...events!]);
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
    const dirty = await engine.takeDirty('store', 10);
    expect(dirty.length).toBeGreaterThan(0);
    expect(await engine.acknowledgeDirty('store', dirty)).toBe(dirty.length);
    expect((await engine.ledger('SKU-A', 100)).length + (await engine.ledger('SKU-B', 100)).length).toBeGreaterThan(0);
  }, 60_000);
});
