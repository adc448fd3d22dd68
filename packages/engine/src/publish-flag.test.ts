import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createTestEngine, testConfiguration } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

// The test world, with `market` marked as a channel that publishes its own numbers (like Amazon FBA).
const selfPublished = StockwireConfigurationSchema.parse({
  ...testConfiguration,
  channels: testConfiguration.channels.map((channel) =>
    channel.id === 'market' ? { ...channel, publish: false } : channel,
  ),
});

describe('a channel marked publish: false', () => {
  it('is computed like any other but never marked dirty, so nothing is pushed to it', async () => {
    const engine = createTestEngine(redis, {}, selfPublished);
    await engine.ingest({
      connection: '',
      events: [
        {
          kind: 'receipt',
          idempotencyKey: 'r1',
          source: 'erp',
          occurredAt: '2026-11-27T09:00:00Z',
          sku: 'SKU-A',
          location: 'wh-1',
          quantity: 8,
        },
      ],
    });
    expect((await engine.status('SKU-A', 'market')).computed).toMatchObject({ quantity: 4 });
    expect((await engine.status('SKU-A', 'web')).computed).toMatchObject({ quantity: 7 });
    expect(await engine.dirtyCount('erp')).toBe(0);
    // The web channel (connection `store`) publishes: the SKU and the kit built from it wait for a push.
    const dirty = (await engine.planPush('store', 10)).items;
    expect(dirty.map((entry) => `${entry.channel} ${entry.sku}`).sort()).toEqual(['web KIT-AB', 'web SKU-A']);
  });
});
