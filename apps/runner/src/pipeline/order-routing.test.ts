import { adjustmentFileText } from '@stockwire/connector-file/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../http/create-http-server.ts';
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
import {
  type FixtureVendor,
  fixtureWebhookHeaders,
  startFixtureVendor,
} from '../test-support/webhook-fixture-connector/fixture-vendor.ts';

/** Yesterday (UTC): inside the engine's settle horizon whenever the test runs, and always in the past. */
const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

const redis = useRedisServer();
let vendor: FixtureVendor;
let world: SyncWorld;
let runner: Runner;
let delivery = 0;

beforeAll(async () => {
  vendor = await startFixtureVendor();
  const plain = await createSyncWorld({ hooks: { vendorUrl: vendor.url } });
  // wh-1 is first by priority, wh-2 is the one in the west.
  const configuration = StockwireConfigurationSchema.parse({
    ...plain.configuration,
    locations: [
      { id: 'wh-1', kind: 'warehouse', region: 'us-east', priority: 1 },
      { id: 'wh-2', kind: 'warehouse', region: 'us-west', priority: 2 },
    ],
  });
  world = { ...plain, configuration };
  runner = await startInProcessRunner(world, redis.url, { environment: { [fixtureSecretVariable]: fixtureSecret } });
  await world.wms.dropInboxFile(
    'adjust-0001.csv',
    adjustmentFileText([
      { id: 'b1', sku: 'SKU-B', location: 'WH1', change: 5, reason: 'found', occurred_at: `${day}T09:00:00Z` },
      { id: 'b2', sku: 'SKU-B', location: 'WH2', change: 5, reason: 'found', occurred_at: `${day}T09:00:00Z` },
    ]),
  );
  await webShows('SKU-B', 10);
}, 30_000);
afterAll(async () => {
  await runner?.close();
  await vendor?.close();
});

async function webShows(sku: string, quantity: number): Promise<void> {
  await waitUntil(`web to show ${sku} ${quantity}`, async () =>
    (await publishedOnWeb(world))[sku] === quantity ? true : undefined,
  );
}

/** One signed delivery of order messages from the fixture vendor, as its webhook endpoint takes them. */
async function deliver(orders: unknown[]): Promise<void> {
  delivery++;
  const body = JSON.stringify({ orders });
  const acceptance = await runner.acceptWebhook('hooks', {
    headers: fixtureWebhookHeaders(body, fixtureSecret, `delivery-${delivery}`),
    rawBody: Buffer.from(body),
    receivedAt: new Date().toISOString(),
  });
  expect(acceptance).toEqual({ outcome: 'accepted' });
}

const placed = (id: string, quantity: number, shipTo?: string) => ({
  id,
  status: 'placed',
  occurredAt: `${day}T10:00:00Z`,
  ...(shipTo === undefined ? {} : { shipTo }),
  lines: [{ id: `${id}-1`, sku: 'SKU-B', quantity }],
});
const cancelled = (id: string) => ({ id, status: 'cancelled', occurredAt: `${day}T10:30:00Z` });
const committedAt = async (location: string) => (await runner.engine.quantities('SKU-B', location)).committed;

describe('orders without a location, routed by the engine in the runner', () => {
  it('reserves where region and priority say, records why, holds nothing twice and releases exactly that', async () => {
    await deliver([placed('O-1', 3, 'us-west')]);
    await webShows('SKU-B', 7);
    expect(await committedAt('wh-2')).toBe(3);
    expect(await committedAt('wh-1')).toBe(0);
    const decision = await runner.engine.orderDecision('hooks', 'O-1');
    expect(decision?.allocations).toEqual([{ lineReference: 'O-1-1', sku: 'SKU-B', location: 'wh-2', quantity: 3 }]);
    expect(decision?.reason).toMatch(/wh-2.*region us-west first/);
    // An operator reads the same decision from the admin API.
    const app = await createHttpServer({ runner, adminToken: 'admin-token' });
    try {
      const answer = await app.inject({
        url: '/admin/orders/hooks/O-1',
        headers: { authorization: 'Bearer admin-token' },
      });
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toMatchObject({ orderReference: 'O-1', reason: decision?.reason });
      const unknown = await app.inject({
        url: '/admin/orders/hooks/O-404',
        headers: { authorization: 'Bearer admin-token' },
      });
      expect(unknown.statusCode).toBe(404);
    } finally {
      await app.close();
    }

    // Without a region, priority decides.
    await deliver([placed('O-2', 2)]);
    await webShows('SKU-B', 5);
    expect(await committedAt('wh-1')).toBe(2);
    expect((await runner.engine.orderDecision('hooks', 'O-2'))?.allocations).toMatchObject([{ location: 'wh-1' }]);

    // The vendor sends O-1 again under a new delivery id, with a different ship-to: nothing is routed again.
    await deliver([placed('O-1', 3, 'us-east')]);
    await waitUntil('the resent order to be applied', async () =>
      (await runner.metrics.registry.metrics()).match(/stockwire_events_duplicate_total\{connection="hooks"\} 1\b/)
        ? true
        : undefined,
    );
    expect(await committedAt('wh-2')).toBe(3);
    expect(await committedAt('wh-1')).toBe(2);

    await deliver([cancelled('O-1')]);
    await webShows('SKU-B', 8);
    expect(await committedAt('wh-2')).toBe(0);
    expect(await committedAt('wh-1')).toBe(2);
    expect((await runner.engine.quantities('SKU-B', 'wh-2')).onHand).toBe(5);
    // The market channel (pushed through the fixture vendor's API) follows too.
    await waitUntil('the market to show SKU-B 8', () =>
      vendor.pushedItems().at(-1)?.sku === 'SKU-B' && vendor.pushedItems().at(-1)?.quantity === 8 ? true : undefined,
    );
  });

  it('keeps a cancellation that overtakes its order, so the order holds nothing when it comes', async () => {
    await deliver([cancelled('O-3')]);
    await deliver([placed('O-3', 4)]);
    const decision = await waitUntil('O-3 to be decided', async () => {
      const found = await runner.engine.orderDecision('hooks', 'O-3');
      return found?.reason.startsWith('cancelled before it was placed') === true ? found : undefined;
    });
    expect(decision.reservations).toEqual([]);
    await deliver([placed('O-4', 1)]);
    await webShows('SKU-B', 7);
    expect(await committedAt('wh-1')).toBe(3);
    expect(await runner.deadLetters.count()).toBe(0);
  });

  it('parks an order for a SKU nobody mapped, with the reason, and routes the rest of the delivery', async () => {
    await deliver([
      { ...placed('O-5', 1), lines: [{ id: 'O-5-1', sku: 'NOT-IN-CATALOG', quantity: 1 }] },
      placed('O-6', 1, 'us-west'),
    ]);
    await webShows('SKU-B', 6);
    expect(await committedAt('wh-2')).toBe(1);
    const letters = await waitUntil('the unmapped order to be dead-lettered', async () => {
      const found = await runner.deadLetters.list();
      return found.length > 0 ? found : undefined;
    });
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ kind: 'item-failure', connection: 'hooks' });
    expect(letters[0]?.reason).toMatch(/\$\.orders\[0\].*NOT-IN-CATALOG/);
  });

  it('keeps the cancellation of one line that overtakes its order, and releases that line when the order comes', async () => {
    const before = await committedAt('wh-2');
    await deliver([{ ...cancelled('O-8'), line: 'O-8-1' }]);
    // The engine remembers the early release in the order's slot: nothing to retry, nothing parked.
    await waitUntil('the early line release to be taken in', async () => {
      const counts = await runner.queues.get('apply')?.getJobCounts('delayed', 'wait', 'active', 'prioritized');
      const ingest = await runner.queues.get('ingest')?.getJobCounts('delayed', 'wait', 'active', 'prioritized');
      const busy = [counts, ingest].some((c) => Object.values(c ?? {}).some((n) => n > 0));
      return !busy && (await runner.metrics.registry.metrics()).includes('outcome="ingested"') ? true : undefined;
    });
    expect(await runner.engine.orderDecision('hooks', 'O-8')).toBeUndefined();
    await deliver([placed('O-8', 2, 'us-west')]);
    await waitUntil('the order to be placed and its line released again', async () =>
      (await runner.engine.orderDecision('hooks', 'O-8')) !== undefined && (await committedAt('wh-2')) === before
        ? true
        : undefined,
    );
    expect((await runner.engine.orderDecision('hooks', 'O-8'))?.reservations).toEqual([
      { lineReference: 'O-8-1', sku: 'SKU-B', location: 'wh-2', quantity: 2 },
    ]);
    // Remembered, not parked: the only dead letter is the unmapped order of the test before.
    expect(await runner.deadLetters.count()).toBe(1);
  });
});
