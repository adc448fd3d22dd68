import { randomUUID } from 'node:crypto';
import { useRedisServer } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalEvents, tripledAndShuffled } from '../test-support/canonical-event-storm.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld, publishedOnWeb, type SyncWorld, worldSkus } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { Runner } from './create-runner.ts';

const redis = useRedisServer();
const runners: Runner[] = [];
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.close();
});

const locations = ['wh-1', 'wh-2'] as const;

/** Events the engine has answered for (counted after each ingest, unlike "received", counted before). */
async function eventsProcessed(runner: Runner): Promise<number> {
  const { eventsApplied, eventsDuplicate, eventsSuperseded, eventsRejected } = runner.metrics;
  let total = 0;
  for (const counter of [eventsApplied, eventsDuplicate, eventsSuperseded, eventsRejected]) {
    for (const { value } of (await counter.get()).values) total += value;
  }
  return total;
}

/** Every delivered event went through the engine, and every channel SKU shows its computed value: nothing left to do. */
async function settled(runner: Runner, world: SyncWorld, delivered: number): Promise<boolean> {
  if ((await eventsProcessed(runner)) < delivered) return false;
  if ((await runner.engine.dirtyCount('shop')) > 0) return false;
  const shown = await publishedOnWeb(world);
  for (const sku of worldSkus) {
    const { computed } = await runner.engine.status(sku, 'web');
    if (computed !== undefined && shown[sku] !== computed.quantity) return false;
  }
  return true;
}

describe('redelivery storm through the runner', () => {
  it('every event delivered three times and shuffled gives the same final state and the same final quantity on every channel as one ordered delivery', async () => {
    const events = canonicalEvents(150, 4242);
    const storm = tripledAndShuffled(events, 99);

    // Two installations side by side, each with its own engine (key prefix), queues, WMS and web store.
    const onceWorld = await createSyncWorld();
    const thriceWorld = await createSyncWorld();
    // One apply at a time, one event a job, in the order they happened: the reference delivery.
    const once = await startInProcessRunner(onceWorld, redis.url, {
      options: { keyPrefix: `once-${randomUUID()}`, concurrency: { apply: 1 } },
    });
    runners.push(once);
    // Eight applies at once racing on batches of up to twelve: redeliveries and reordering everywhere.
    const thrice = await startInProcessRunner(thriceWorld, redis.url, {
      options: { keyPrefix: `thrice-${randomUUID()}` },
    });
    runners.push(thrice);

    const deliver = (runner: Runner, batch: readonly unknown[]) =>
      runner.enqueue({
        queue: 'apply',
        name: 'apply',
        data: { connection: 'wms', origin: 'webhook', events: batch, receivedAt: Date.now() },
      });
    await Promise.all([
      (async () => {
        for (const event of events) await deliver(once, [event]);
      })(),
      (async () => {
        for (const batch of storm) await deliver(thrice, batch);
      })(),
    ]);

    const describeBoth = async () =>
      JSON.stringify({
        once: { processed: await eventsProcessed(once), shown: await publishedOnWeb(onceWorld) },
        thrice: { processed: await eventsProcessed(thrice), shown: await publishedOnWeb(thriceWorld) },
      });
    await waitUntil(
      'both runners to apply and push everything',
      async () =>
        (await settled(once, onceWorld, events.length)) && (await settled(thrice, thriceWorld, events.length * 3))
          ? true
          : undefined,
      { timeoutMs: 45_000, describeLast: describeBoth },
    );

    // The same state for every SKU at every location…
    let stocked = 0;
    for (const sku of worldSkus) {
      for (const location of locations) {
        const expected = await once.engine.quantities(sku, location);
        expect(await thrice.engine.quantities(sku, location), `${sku} at ${location}`).toEqual(expected);
        if (expected.onHand > 0) stocked++;
      }
    }
    // …the story was not trivially empty…
    expect(stocked).toBeGreaterThan(0);
    // …and the same final quantity on every channel: computed, recorded as pushed, and in the web store's exports.
    for (const sku of worldSkus) {
      const expected = await once.engine.status(sku, 'web');
      const actual = await thrice.engine.status(sku, 'web');
      expect(actual.computed?.quantity, `${sku} computed for web`).toBe(expected.computed?.quantity);
      expect(actual.computed?.status, `${sku} status on web`).toBe(expected.computed?.status);
      expect(actual.pushed?.quantity, `${sku} pushed to web`).toBe(expected.pushed?.quantity);
    }
    expect(await publishedOnWeb(thriceWorld)).toEqual(await publishedOnWeb(onceWorld));
    // Each event's first delivery was answered for once, its two redeliveries recognised as such.
    const duplicates = (await thrice.metrics.eventsDuplicate.get()).values.reduce((sum, { value }) => sum + value, 0);
    expect(duplicates).toBe(events.length * 2);
    // Refusals, if any, do not depend on the order either.
    expect(await thrice.deadLetters.count()).toBe(await once.deadLetters.count());
  }, 60_000);
});
