import { adjustmentFileText } from '@stockwire/connector-file/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { hoursAgo, useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runner } from '../runtime/create-runner.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import {
  createSyncWorld,
  fixtureSecret,
  fixtureSecretVariable,
  publishedOnWeb,
  type SyncWorld,
} from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { type FixtureVendor, startFixtureVendor } from '../test-support/webhook-fixture-connector/fixture-vendor.ts';

const redis = useRedisServer();
let vendor: FixtureVendor;
let world: SyncWorld;
let runner: Runner;

beforeAll(async () => {
  vendor = await startFixtureVendor();
  const plain = await createSyncWorld({ hooks: { vendorUrl: vendor.url, pollOrders: true } });
  const configuration = StockwireConfigurationSchema.parse({
    ...plain.configuration,
    locations: [
      { id: 'wh-1', kind: 'warehouse', priority: 1 },
      { id: 'wh-2', kind: 'warehouse', priority: 2 },
    ],
  });
  world = { ...plain, configuration };
  runner = await startInProcessRunner(world, redis.url, {
    environment: { [fixtureSecretVariable]: fixtureSecret },
    options: { keyPrefix: 'polled-orders' },
  });
  await world.wms.dropInboxFile(
    'adjust-0001.csv',
    adjustmentFileText([
      { id: 'd1', sku: 'SKU-D', location: 'WH1', change: 3, reason: 'found', occurred_at: hoursAgo(3) },
      { id: 'd2', sku: 'SKU-D', location: 'WH2', change: 3, reason: 'found', occurred_at: hoursAgo(3) },
    ]),
  );
  await webShows(6);
}, 30_000);
afterAll(async () => {
  await runner?.close();
  await vendor?.close();
});

const webShows = (quantity: number) =>
  waitUntil(`web to show SKU-D ${quantity}`, async () =>
    (await publishedOnWeb(world))['SKU-D'] === quantity ? true : undefined,
  );
const committedAt = async (location: string) => (await runner.engine.quantities('SKU-D', location)).committed;

describe('orders a connector polls (pullOrders)', () => {
  it('are read on their own cursor and routed by the engine, then consumed when fulfilled', async () => {
    vendor.addOrder({
      id: 'P-1',
      status: 'placed',
      occurredAt: hoursAgo(2),
      lines: [{ id: 'P-1-1', sku: 'SKU-D', quantity: 4 }],
    });
    await webShows(2);
    // Priority first, split over the next location for what the first cannot hold.
    expect(await committedAt('wh-1')).toBe(3);
    expect(await committedAt('wh-2')).toBe(1);
    expect((await runner.engine.orderDecision('hooks', 'P-1'))?.reason).toBe('split over wh-1, wh-2 in rank order');

    vendor.addOrder({ id: 'P-1', status: 'fulfilled', occurredAt: hoursAgo(0) });
    await waitUntil('the order to be consumed', async () =>
      (await committedAt('wh-1')) === 0 && (await committedAt('wh-2')) === 0 ? true : undefined,
    );
    // Each stream keeps its own cursor, in the connection's slot.
    const client = new Redis(redis.url);
    try {
      expect(await client.get('{polled-orders:runner:hooks}:orders-cursor')).toBe('2');
      expect(await client.get('{polled-orders:runner:hooks}:cursor')).toBeNull();
    } finally {
      client.disconnect();
    }
    const calls = vendor.server.calls.filter((call) => call.path === '/orders').map((call) => call.query.after);
    expect(calls.slice(0, 1)).toEqual(['0']);
    expect(calls).toContain('1');
  });
});
