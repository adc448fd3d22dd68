import { randomUUID } from 'node:crypto';
import { adjustmentFileText } from '@stockwire/connector-file/sandbox';
import { useRedisServer } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld, fixtureSecret, fixtureSecretVariable, type SyncWorld } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import {
  type FixtureVendor,
  fixtureWebhookHeaders,
  startFixtureVendor,
} from '../test-support/webhook-fixture-connector/fixture-vendor.ts';
import type { Runner } from './create-runner.ts';

// Issue #13, a cancelled order line where a user meets it: a signed vendor webhook (the fixture connector, whose
// orders carry no location, so the engine routes them) through a runner in this process and real Redis.

const redis = useRedisServer();
let vendor: FixtureVendor;
let world: SyncWorld;
let runner: Runner;
let delivery = 0;
// Relative to the test's clock: the engine refuses relative changes (holds too) older than its settle horizon.
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

beforeAll(async () => {
  vendor = await startFixtureVendor();
  world = await createSyncWorld({ hooks: { vendorUrl: vendor.url } });
  runner = await startInProcessRunner(world, redis.url, {
    options: { keyPrefix: `sync-defects-order-lines-${randomUUID()}` },
    environment: { [fixtureSecretVariable]: fixtureSecret },
  });
  await world.wms.dropInboxFile(
    'adjust-0001.csv',
    adjustmentFileText([
      { id: 'b1', sku: 'SKU-B', location: 'WH1', change: 10, reason: 'found', occurred_at: minutesAgo(30) },
      { id: 'b2', sku: 'SKU-B', location: 'WH2', change: 10, reason: 'found', occurred_at: minutesAgo(30) },
    ]),
  );
  await waitUntil('the WMS stock to be taken in', async () => ((await onHand()) === 20 ? true : undefined));
}, 30_000);
afterAll(async () => {
  await runner?.close();
  await vendor?.close();
});

const quantitiesOfB = () => Promise.all(['wh-1', 'wh-2'].map((at) => runner.engine.quantities('SKU-B', at)));
const onHand = async () => (await quantitiesOfB()).reduce((sum, quantities) => sum + quantities.onHand, 0);
const committed = async () => (await quantitiesOfB()).reduce((sum, quantities) => sum + quantities.committed, 0);
const committedIs = (quantity: number) =>
  waitUntil(`SKU-B committed to be ${quantity}`, async () => ((await committed()) === quantity ? true : undefined), {
    describeLast: async () =>
      JSON.stringify({ quantities: await quantitiesOfB(), letters: await runner.deadLetters.list() }),
  });

async function deliver(orders: unknown[]): Promise<void> {
  delivery++;
  const body = JSON.stringify({ orders });
  const acceptance = await runner.acceptWebhook('hooks', {
    headers: fixtureWebhookHeaders(body, fixtureSecret, `order-lines-${delivery}`),
    rawBody: Buffer.from(body),
    receivedAt: new Date().toISOString(),
  });
  expect(acceptance).toEqual({ outcome: 'accepted' });
}
const twoLines = (id: string) => ({
  id,
  status: 'placed',
  occurredAt: minutesAgo(10),
  lines: [
    { id: `${id}-1`, sku: 'SKU-B', quantity: 2 },
    { id: `${id}-2`, sku: 'SKU-B', quantity: 3 },
  ],
});

describe('cancelling one line of an order (#13, order routing)', () => {
  it('releases only that line, and the fulfilment of the rest then takes only what is still held', async () => {
    await deliver([twoLines('O-1')]);
    await committedIs(5);
    await deliver([{ id: 'O-1', status: 'cancelled', line: 'O-1-1', occurredAt: minutesAgo(8) }]);
    await committedIs(3);
    // The parcel leaves with what is left: the whole order is reported fulfilled. Before, its fulfilment took the
    // cancelled line's 2 off committed a second time: -2 committed, 2 more sellable than there are.
    await deliver([{ id: 'O-1', status: 'fulfilled', occurredAt: minutesAgo(6) }]);
    await committedIs(0);
    // The cancellation delivered again changes nothing.
    await deliver([{ id: 'O-1', status: 'cancelled', line: 'O-1-1', occurredAt: minutesAgo(8) }]);
    await waitUntil('the redelivery to be taken in', async () =>
      (await runner.metrics.registry.metrics()).match(/stockwire_events_duplicate_total\{connection="hooks"\} [1-9]/)
        ? true
        : undefined,
    );
    expect(await committed()).toBe(0);
    expect(await runner.deadLetters.count()).toBe(0);
  }, 30_000);

  it('does not release a line already shipped when the rest of the order is cancelled', async () => {
    await deliver([twoLines('O-2')]);
    await committedIs(5);
    await deliver([{ id: 'O-2', status: 'fulfilled', line: 'O-2-2', occurredAt: minutesAgo(8) }]);
    await committedIs(2);
    await deliver([{ id: 'O-2', status: 'cancelled', occurredAt: minutesAgo(6) }]);
    await committedIs(0);
    const quantities = await quantitiesOfB();
    expect(quantities.every((at) => at.committed >= 0)).toBe(true);
  }, 30_000);
});
