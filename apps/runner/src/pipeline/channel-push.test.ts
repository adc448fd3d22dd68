import { hoursAgo, useRedisServer } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runner } from '../runtime/create-runner.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld, fixtureSecret, fixtureSecretVariable } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import {
  type FixtureVendor,
  fixtureWebhookHeaders,
  startFixtureVendor,
} from '../test-support/webhook-fixture-connector/fixture-vendor.ts';

const redis = useRedisServer();
let vendor: FixtureVendor;
let runner: Runner;
let delivery = 0;

beforeAll(async () => {
  vendor = await startFixtureVendor();
  const world = await createSyncWorld({
    hooks: { vendorUrl: vendor.url, rateLimit: { ratePerSecond: 50, burst: 5 } },
  });
  runner = await startInProcessRunner(world, redis.url, { environment: { [fixtureSecretVariable]: fixtureSecret } });
});
afterAll(async () => {
  await runner?.close();
  await vendor?.close();
});

/** A signed adjustment from the fixture vendor, taken in as the webhook endpoint would. */
async function adjust(sku: string, change: number): Promise<void> {
  delivery++;
  const body = JSON.stringify({
    adjustments: [{ id: `change-${delivery}`, sku, location: 'L1', change, reason: 'found', occurredAt: hoursAgo(2) }],
  });
  const acceptance = await runner.acceptWebhook('hooks', {
    headers: fixtureWebhookHeaders(body, fixtureSecret, `delivery-${delivery}`),
    rawBody: Buffer.from(body),
    receivedAt: new Date().toISOString(),
  });
  expect(acceptance.outcome).toBe('accepted');
}

const marketShows = (sku: string, quantity: number) =>
  waitUntil(`the market to show ${sku} ${quantity}`, () =>
    vendor.pushedItems().some((item) => item.sku === sku && item.quantity === quantity) ? true : undefined,
  );
const statuses = (sku: string) =>
  vendor.server.calls
    .filter(
      (call) => call.path === '/availability' && (call.json as { items: Array<{ sku: string }> }).items[0]?.sku === sku,
    )
    .map((call) => call.status);

describe('when a channel refuses a push', () => {
  it('waits as long as a 429 asks, delaying only that job, and then pushes', async () => {
    vendor.server.faults.rateLimitNext(1, { retryAfterSeconds: 1 });
    await adjust('SKU-A', 3);
    await marketShows('SKU-A', 3);
    expect(statuses('SKU-A')).toEqual([429, 200]);
    const metrics = await runner.metrics.registry.metrics();
    expect(metrics).toMatch(/stockwire_rate_limited_total\{connection="hooks",operation="pushQuantities"\} 1/);
    expect(await runner.deadLetters.count()).toBe(0);
  });

  it('retries a transient failure with backoff and then pushes', async () => {
    vendor.server.faults.failNext(2, { status: 503 });
    await adjust('SKU-B', 4);
    await marketShows('SKU-B', 4);
    expect(statuses('SKU-B')).toEqual([503, 503, 200]);
    expect(await runner.deadLetters.count()).toBe(0);
  });

  it('dead-letters a refusal retrying cannot fix, keeps the change pending, and pushes it on replay', async () => {
    vendor.server.faults.failNext(1, { status: 422, body: { error: 'listing is locked' } });
    await adjust('SKU-C', 5);
    const [letter] = await waitUntil('the refused push to be dead-lettered', async () => {
      const letters = await runner.deadLetters.list();
      return letters.length > 0 ? letters : undefined;
    });
    expect(letter).toMatchObject({
      kind: 'job-failed',
      connection: 'hooks',
      error: { name: 'RequestRejectedError', retryable: false, vendorStatus: 422 },
      replay: { queue: 'push', name: 'flush', data: { connection: 'hooks' } },
    });
    // The reason points at the vendor body: the dead letter must carry it (issue 23: it said so and did not).
    expect(letter?.reason).toContain('the vendor body is attached');
    expect(letter?.error?.vendorBody).toContain('listing is locked');
    expect(await runner.engine.dirtyCount('hooks')).toBe(1);
    expect(await runner.replay(letter?.id ?? '')).toMatchObject({ replayed: true });
    await marketShows('SKU-C', 5);
    expect(statuses('SKU-C')).toEqual([422, 200]);
    await waitUntil('nothing left to push', async () =>
      (await runner.engine.dirtyCount('hooks')) === 0 ? true : undefined,
    );
  });

  it('waits longer after each "too fast" in a row (Retry-After doubled), then pushes once the vendor recovers', async () => {
    const before = vendor.server.calls.length;
    vendor.server.faults.rateLimitNext(3, { retryAfterSeconds: 1 });
    await adjust('SKU-A', 2);
    await marketShows('SKU-A', 5);
    const calls = vendor.server.calls
      .slice(before)
      .filter(
        (call) =>
          call.path === '/availability' && (call.json as { items: Array<{ sku: string }> }).items[0]?.sku === 'SKU-A',
      );
    expect(calls.map((call) => call.status)).toEqual([429, 429, 429, 200]);
    // Each wait is at least the escalated one (1 s, 2 s, 4 s): never sooner than asked, longer each time.
    const gaps = calls.slice(1).map((call, index) => call.time - (calls[index]?.time ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(1_000);
    expect(gaps[1]).toBeGreaterThanOrEqual(2_000);
    expect(gaps[2]).toBeGreaterThanOrEqual(4_000);
  }, 30_000);
});

describe('reconciling a channel', () => {
  it('finds a value changed behind our back, pushes ours again, and then finds it in sync', async () => {
    await adjust('SKU-D', 7);
    await marketShows('SKU-D', 7);
    vendor.setShown('SKU-D', 1);
    const pushesBefore = vendor.pushedItems().filter((item) => item.sku === 'SKU-D').length;

    const drifted = await runner.reconcile('hooks');
    expect(drifted.drifts).toEqual([
      expect.objectContaining({
        sku: 'SKU-D',
        target: 'market',
        state: 'available',
        expected: 7,
        actual: 1,
        cause: 'changed-on-remote',
      }),
    ]);
    expect(drifted.pushesScheduled).toBe(1);
    await waitUntil('the market to be told 7 again', () =>
      vendor.pushedItems().filter((item) => item.sku === 'SKU-D').length > pushesBefore ? true : undefined,
    );
    expect(
      vendor
        .pushedItems()
        .filter((item) => item.sku === 'SKU-D')
        .at(-1),
    ).toMatchObject({ quantity: 7 });
    expect((await runner.engine.drifts()).map((drift) => drift.sku)).toEqual(['SKU-D']);

    const healed = await runner.reconcile('hooks');
    expect(healed.drifts).toEqual([]);
    expect(await runner.engine.drifts()).toEqual([]);
    const metrics = await runner.metrics.registry.metrics();
    expect(metrics).toMatch(/stockwire_drifts_found_total\{connection="hooks",cause="changed-on-remote"\} 1/);
  });
});
