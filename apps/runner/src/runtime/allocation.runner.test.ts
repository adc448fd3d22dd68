import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { adjustmentFileText, createFileSandbox, type FileSandbox } from '@stockwire/connector-file/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import {
  createSyncWorld,
  fixtureSecret,
  fixtureSecretVariable,
  publishedOnWeb,
  type SyncWorld,
} from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import {
  type FixtureVendor,
  fixtureWebhookHeaders,
  startFixtureVendor,
} from '../test-support/webhook-fixture-connector/fixture-vendor.ts';
import type { Runner } from './create-runner.ts';

// Issue #21: a wholesale contract ring-fences 200 units of SKU-B in the central pool (wh-1 + wh-2). The store
// (`market`, the webhook fixture vendor, whose orders the engine routes) runs a flash sale: it sells out what it
// shows, and the wholesale channel (`wholesale`, a file export) still offers its 200.

const redis = useRedisServer();
let vendor: FixtureVendor | undefined;
let runner: Runner | undefined;
afterEach(async () => {
  await runner?.close();
  await vendor?.close();
  runner = vendor = undefined;
});

// Relative to the test's clock: the engine refuses relative changes older than its settle horizon.
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** The sync world plus a wholesale file connection and the contract's pool. */
async function createWholesaleWorld(vendorUrl: string): Promise<SyncWorld & { b2b: FileSandbox }> {
  const world = await createSyncWorld({ hooks: { vendorUrl } });
  const b2b = createFileSandbox(join(world.root, 'b2b'));
  await mkdir(b2b.root, { recursive: true });
  await b2b.layOut();
  const configuration = StockwireConfigurationSchema.parse({
    ...world.configuration,
    connections: {
      ...world.configuration.connections,
      b2b: { connector: 'file', settings: { transport: { kind: 'folder', path: b2b.root } } },
    },
    channels: [...world.configuration.channels, { id: 'wholesale', connection: 'b2b', locations: ['wh-1', 'wh-2'] }],
    allocation: {
      pools: [
        {
          id: 'central',
          locations: ['wh-1', 'wh-2'],
          reservations: [{ channel: 'wholesale', quantity: 200, skus: ['SKU-B'] }],
        },
      ],
    },
  });
  return { ...world, configuration, b2b };
}

async function shownOnWholesale(b2b: FileSandbox): Promise<number | undefined> {
  const rows = await b2b.publishedAvailability();
  return rows.find((row) => row.channel === 'wholesale' && row.sku === 'SKU-B')?.quantity;
}

function shownOnStore(current: FixtureVendor): number | undefined {
  return current.pushedItems().findLast((item) => item.channel === 'market' && item.sku === 'SKU-B')?.quantity;
}

describe('a ring-fenced wholesale allocation (#21)', () => {
  it('survives a store flash sale: the store sells out its share, wholesale still offers its 200', async () => {
    vendor = await startFixtureVendor();
    const store = vendor;
    const world = await createWholesaleWorld(store.url);
    runner = await startInProcessRunner(world, redis.url, {
      options: { keyPrefix: `allocation-${randomUUID()}` },
      environment: { [fixtureSecretVariable]: fixtureSecret },
    });
    const started = runner;
    const describeAll = async () =>
      JSON.stringify({
        store: shownOnStore(store),
        web: (await publishedOnWeb(world))['SKU-B'],
        wholesale: await shownOnWholesale(world.b2b),
        computed: (await started.engine.compute('SKU-B')).map((entry) => [entry.channel, entry.quantity]),
        letters: await started.deadLetters.list(),
      });

    // 250 in the pool: wholesale may sell all of it (its 200 plus the 50 shared), the store and the web 50.
    await world.wms.dropInboxFile(
      'adjust-0001.csv',
      adjustmentFileText([
        { id: 'b1', sku: 'SKU-B', location: 'WH1', change: 150, reason: 'found', occurred_at: minutesAgo(30) },
        { id: 'b2', sku: 'SKU-B', location: 'WH2', change: 100, reason: 'found', occurred_at: minutesAgo(30) },
      ]),
    );
    await waitUntil(
      'the store and web to show 50, wholesale 250',
      async () =>
        shownOnStore(store) === 50 &&
        (await publishedOnWeb(world))['SKU-B'] === 50 &&
        (await shownOnWholesale(world.b2b)) === 250
          ? true
          : undefined,
      { describeLast: describeAll, timeoutMs: 25_000 },
    );

    // The flash sale: ten orders of 5 from the store, delivered in two webhooks.
    for (const [batch, ids] of [
      [1, [1, 2, 3, 4, 5]],
      [2, [6, 7, 8, 9, 10]],
    ] as const) {
      const body = JSON.stringify({
        orders: ids.map((id) => ({
          id: `FLASH-${id}`,
          status: 'placed',
          occurredAt: minutesAgo(5),
          lines: [{ id: `FLASH-${id}-1`, sku: 'SKU-B', quantity: 5 }],
        })),
      });
      const acceptance = await started.acceptWebhook('hooks', {
        headers: fixtureWebhookHeaders(body, fixtureSecret, `flash-${batch}`),
        rawBody: Buffer.from(body),
        receivedAt: new Date().toISOString(),
      });
      expect(acceptance).toEqual({ outcome: 'accepted' });
    }

    await waitUntil(
      'the store and web to sell out, wholesale to keep 200',
      async () =>
        shownOnStore(store) === 0 &&
        (await publishedOnWeb(world))['SKU-B'] === 0 &&
        (await shownOnWholesale(world.b2b)) === 200
          ? true
          : undefined,
      { describeLast: describeAll, timeoutMs: 25_000 },
    );
    const held = await Promise.all(['wh-1', 'wh-2'].map((at) => started.engine.quantities('SKU-B', at)));
    expect(held.reduce((sum, at) => sum + at.committed, 0)).toBe(50);
    // The store's number says why it is 0: the pool's 200 left are ring-fenced for wholesale.
    const computed = await started.engine.compute('SKU-B');
    const market = computed.find((entry) => entry.channel === 'market');
    expect(market).toMatchObject({ quantity: 0, status: 'out-of-stock' });
    expect(market?.steps.find((step) => step.rule === 'allocation')?.detail).toBe(
      'pool central: 200 sellable, ring-fenced wholesale 200, 0 shared; this channel 0 ring-fenced + 0 shared',
    );
    expect(computed.find((entry) => entry.channel === 'wholesale')).toMatchObject({ quantity: 200 });
    expect(await started.deadLetters.list()).toEqual([]);
  }, 60_000);
});
