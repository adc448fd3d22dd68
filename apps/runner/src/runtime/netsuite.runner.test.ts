import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createRunnerKeys } from '../jobs/runner-keys.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { Runner } from './create-runner.ts';
import { createNetSuiteErpWorld, type NetSuiteErpWorld, shopifyAvailable } from './netsuite-erp.test-helpers.ts';

const redis = useRedisServer();
let erp: NetSuiteErpWorld | undefined;
let runners: Runner[] = [];
let client: Redis | undefined;
afterEach(async () => {
  await Promise.allSettled(runners.map((runner) => runner.close()));
  await erp?.close();
  client?.disconnect();
  runners = [];
  erp = client = undefined;
});

const appliedFromNetSuite = async (runner: Runner) =>
  Number(
    /stockwire_events_applied_total\{connection="netsuite"\} (\d+)/.exec(
      await runner.metrics.registry.metrics(),
    )?.[1] ?? 0,
  );
const receivedFromNetSuite = async (runner: Runner) =>
  Number(
    /stockwire_events_received_total\{connection="netsuite",origin="poll"\} (\d+)/.exec(
      await runner.metrics.registry.metrics(),
    )?.[1] ?? 0,
  );

/** Snapshot reads the account's shared limiter refused (every concurrency slot taken), as the runner counts them. */
const refusedSnapshotReads = async (runner: Runner) =>
  Number(
    /stockwire_rate_limited_total\{connection="netsuite",operation="readSnapshot"\} (\d+)/.exec(
      await runner.metrics.registry.metrics(),
    )?.[1] ?? 0,
  );

describe('NetSuite as the authority for on hand, Shopify as a channel (#15)', () => {
  it('an item receipt in NetSuite reaches Shopify; reading the same page again changes nothing', async () => {
    erp = await createNetSuiteErpWorld();
    const current = erp;
    const keyPrefix = `netsuite-erp-${randomUUID()}`;
    const runner = await startInProcessRunner(current.world, redis.url, {
      options: { keyPrefix },
      environment: current.environment,
    });
    runners.push(runner);
    client = new Redis(redis.url);
    const cursorKey = createRunnerKeys(keyPrefix).cursor('netsuite');
    // The cursor of a poll that has seen no transaction yet: where a re-read will start from.
    const before = await waitUntil('the first NetSuite poll to store its cursor', async () => {
      const stored = await client?.get(cursorKey);
      return stored ?? undefined;
    });

    const item = current.items.get('SKU-B')?.netsuite ?? 0;
    current.netsuite.addTransaction({ type: 'ItemRcpt', lines: [{ item, location: 1, quantity: 12 }] });
    await waitUntil(
      'Shopify to show the 12 received',
      () => (shopifyAvailable(current, 'SKU-B') === 12 ? 1 : undefined),
      {
        describeLast: async () =>
          JSON.stringify({
            shopify: shopifyAvailable(current, 'SKU-B'),
            engine: await runner.engine.quantities('SKU-B', 'wh-1'),
            letters: await runner.deadLetters.list(),
          }),
      },
    );
    expect(await runner.engine.quantities('SKU-B', 'wh-1')).toMatchObject({ onHand: 12 });
    const appliedOnce = await appliedFromNetSuite(runner);
    expect(appliedOnce).toBe(1);
    const shopifyWritesOnce = current.shopify.server.calls.filter((call) => call.method === 'POST').length;

    // Put the cursor back: the next poll reads the page with the receipt again.
    const receivedOnce = await receivedFromNetSuite(runner);
    await client.set(cursorKey, before);
    await waitUntil('the receipt to be read again', async () =>
      (await receivedFromNetSuite(runner)) > receivedOnce ? true : undefined,
    );
    // Read again, applied once: the transaction line is the idempotency key.
    expect(await appliedFromNetSuite(runner)).toBe(appliedOnce);
    expect(await runner.engine.quantities('SKU-B', 'wh-1')).toMatchObject({ onHand: 12 });
    expect(shopifyAvailable(current, 'SKU-B')).toBe(12);
    // Nothing new was pushed to the store for it (a flush may still be running: wait for the queue to settle).
    await waitUntil('no channel SKU to wait for a push', async () =>
      (await runner.engine.dirtyCount('shopify')) === 0 ? true : undefined,
    );
    expect(current.shopify.server.calls.filter((call) => call.method === 'POST').length).toBe(shopifyWritesOnce);
    expect(await runner.deadLetters.list()).toEqual([]);
  }, 40_000);

  it('with reservations, a sales order committed in NetSuite holds stock on Shopify until it ships or closes; a re-read of its page changes nothing', async () => {
    erp = await createNetSuiteErpWorld({ reservations: true });
    const current = erp;
    const keyPrefix = `netsuite-orders-${randomUUID()}`;
    const runner = await startInProcessRunner(current.world, redis.url, {
      options: { keyPrefix },
      environment: current.environment,
    });
    runners.push(runner);
    client = new Redis(redis.url);
    const ordersCursorKey = createRunnerKeys(keyPrefix).cursor('netsuite', 'orders');
    const before = await waitUntil('the first sales order poll to store its cursor', async () => {
      const stored = await client?.get(ordersCursorKey);
      return stored ?? undefined;
    });
    const item = current.items.get('SKU-B')?.netsuite ?? 0;
    const shopifyShows = (quantity: number) =>
      waitUntil(
        `Shopify to show ${quantity}`,
        () => (shopifyAvailable(current, 'SKU-B') === quantity ? 1 : undefined),
        {
          describeLast: async () =>
            JSON.stringify({
              shopify: shopifyAvailable(current, 'SKU-B'),
              engine: await runner.engine.quantities('SKU-B', 'wh-1'),
              letters: await runner.deadLetters.list(),
            }),
        },
      );
    // NetSuite's dates have whole seconds: each change lands in a later second than the last poll's cursor.
    const nextSecond = () => sleep(1_100);

    current.netsuite.addTransaction({ type: 'ItemRcpt', lines: [{ item, location: 1, quantity: 10 }] });
    await shopifyShows(10);
    await nextSecond();
    const order = current.netsuite.addSalesOrder({ lines: [{ item, location: 1, quantity: 3 }] });
    await shopifyShows(7);
    expect(await runner.engine.quantities('SKU-B', 'wh-1')).toMatchObject({ onHand: 10, committed: 3 });

    // The sales order page read again: the hold is keyed by its transaction line, so it applies once.
    const appliedOnce = await appliedFromNetSuite(runner);
    const receivedOnce = await receivedFromNetSuite(runner);
    await client.set(ordersCursorKey, before);
    await waitUntil('the sales order to be read again', async () =>
      (await receivedFromNetSuite(runner)) > receivedOnce ? true : undefined,
    );
    expect(await appliedFromNetSuite(runner)).toBe(appliedOnce);
    expect(await runner.engine.quantities('SKU-B', 'wh-1')).toMatchObject({ onHand: 10, committed: 3 });

    // One unit ships: it leaves on hand and the hold together, so the store still sells 7.
    await nextSecond();
    current.netsuite.fulfilSalesOrder(order, { line: 1, quantity: 1 });
    await waitUntil('the fulfilment to reach the engine', async () => {
      const quantities = await runner.engine.quantities('SKU-B', 'wh-1');
      return quantities.onHand === 9 && quantities.committed === 2 ? true : undefined;
    });
    expect(shopifyAvailable(current, 'SKU-B')).toBe(7);
    // Closing the order frees the two units NetSuite still held.
    await nextSecond();
    current.netsuite.closeSalesOrder(order);
    await shopifyShows(9);
    expect(await runner.engine.quantities('SKU-B', 'wh-1')).toMatchObject({ onHand: 9, committed: 0 });
    expect(await runner.deadLetters.list()).toEqual([]);
  }, 60_000);

  it('two runners under a concurrency limit of 5: NetSuite never sees a sixth concurrent request, and a reconciliation waits for a slot rather than failing', async () => {
    const skus = Array.from({ length: 24 }, (_, index) => `ERP-${String(index).padStart(2, '0')}`);
    // Each request holds its slot a while, so six callers at once would be six requests in flight.
    erp = await createNetSuiteErpWorld({ concurrencyLimit: 5, holdMs: 60, pageSize: 2, skus });
    const current = erp;
    for (const [index, sku] of skus.entries()) {
      current.netsuite.setBalance(current.items.get(sku)?.netsuite ?? 0, 1, { onHand: index + 1 });
    }
    const keyPrefix = `netsuite-two-${randomUUID()}`;
    for (let index = 0; index < 2; index += 1) {
      runners.push(
        await startInProcessRunner(current.world, redis.url, {
          // One attempt: a refusal by the shared limiter is a wait, never a failed attempt, so no run gives up.
          options: { keyPrefix, jobAttempts: 1 },
          environment: current.environment,
        }),
      );
    }
    // Three full reconciliations on each runner at once (twelve pages each), beside both runners' polls.
    const summaries = await Promise.all(runners.flatMap((runner) => [1, 2, 3].map(() => runner.reconcile('netsuite'))));
    expect(summaries.map((summary) => [summary.pages, summary.records])).toEqual(
      Array.from({ length: 6 }, () => [12, skus.length]),
    );
    // Six runs and the polls for five slots: some reads were refused and waited for, and no run failed.
    const refused = (await Promise.all(runners.map(refusedSnapshotReads))).reduce((sum, count) => sum + count, 0);
    expect(refused).toBeGreaterThan(0);

    const calls = current.netsuite.calls;
    expect(calls.length).toBeGreaterThan(6 * 12);
    expect(calls.filter((call) => call.status === 429)).toEqual([]);
    // Six callers at once use the account's whole share, each request holding exactly one slot (a permit per
    // connector method on top of the connector's own slot per request once capped this at 2).
    expect(current.netsuite.maxInFlight).toBe(5);
  }, 40_000);
});
