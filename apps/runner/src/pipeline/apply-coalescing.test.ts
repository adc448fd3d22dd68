import { randomUUID } from 'node:crypto';
import { useRedisServer } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { Runner } from '../runtime/create-runner.ts';
import { canonicalEvents } from '../test-support/canonical-event-storm.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { createCoalescer } from './apply-coalescing.ts';

const redis = useRedisServer();
const runners: Runner[] = [];
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.close();
});

const total = async (
  runner: Runner,
  name: 'eventsApplied' | 'eventsDuplicate' | 'eventsSuperseded' | 'eventsRejected',
) => (await runner.metrics[name].get()).values.reduce((sum, { value }) => sum + value, 0);

describe('small deliveries share engine calls (#14)', () => {
  it('groups what arrives while calls are in flight, never splits a delivery, and gives each its own answer', async () => {
    const calls: number[][] = [];
    const finish: Array<() => void> = [];
    const coalescer = createCoalescer<number, string>({
      maximumInFlight: 2,
      maximumSize: 5,
      sizeOf: (input) => input,
      run: async (inputs) => {
        calls.push([...inputs]);
        await new Promise<void>((resolve) => finish.push(resolve));
        return inputs.map((input) => `done ${input}`);
      },
    });
    const answers = [1, 1, 2, 2, 3, 1].map((input) => coalescer.submit(input));
    // The first two go at once, alone; the rest wait for a free call.
    expect(calls).toEqual([[1], [1]]);
    finish.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
    // One call ended: the next takes what waited, up to 5 (2 + 2; the 3 would pass it).
    expect(calls).toEqual([[1], [1], [2, 2]]);
    for (let round = 0; round < 4; round++) {
      finish.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(calls).toEqual([[1], [1], [2, 2], [3, 1]]);
    expect(await Promise.all(answers)).toEqual(['done 1', 'done 1', 'done 2', 'done 2', 'done 3', 'done 1']);
  });

  it('as a gate (each delivery a whole call): one delivery per call, never more in flight than asked', async () => {
    let inFlight = 0;
    let most = 0;
    const calls: number[][] = [];
    const gate = createCoalescer<number, number>({
      maximumInFlight: 3,
      maximumSize: 1,
      sizeOf: () => 1,
      run: async (inputs) => {
        calls.push([...inputs]);
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return inputs;
      },
    });
    expect(await Promise.all(Array.from({ length: 10 }, (_, index) => gate.submit(index)))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(calls).toEqual(Array.from({ length: 10 }, (_, index) => [index]));
    expect(most).toBe(3);
  });

  it('fails every delivery of a failed call, and goes on with the next', async () => {
    let failNext = true;
    const coalescer = createCoalescer<number, number>({
      maximumInFlight: 1,
      maximumSize: 10,
      sizeOf: () => 1,
      run: async (inputs) => {
        await new Promise((resolve) => setImmediate(resolve));
        if (failNext) {
          failNext = false;
          throw new Error('Redis went away');
        }
        return inputs.map((input) => input * 10);
      },
    });
    const results = await Promise.allSettled([1, 2, 3].map((input) => coalescer.submit(input)));
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(results.slice(1).map((result) => (result.status === 'fulfilled' ? result.value : undefined))).toEqual([
      20, 30,
    ]);
  });

  it('through the runner: one-event webhooks applied together, each counted, its refusal parked with its own delivery', async () => {
    const world = await createSyncWorld();
    const runner = await startInProcessRunner(world, redis.url, {
      options: { keyPrefix: `coalesce-${randomUUID()}` },
      start: false,
    });
    runners.push(runner);
    const events = canonicalEvents(60, 77);
    // Ten redeliveries of earlier events, and four events no SKU of the world knows.
    const redelivered = events.slice(0, 10);
    const unknown = Array.from({ length: 4 }, (_, index) => ({
      ...events[index],
      idempotencyKey: `wms/unknown-${index}`,
      sku: `NO-SUCH-SKU-${index}`,
    }));
    const deliveries = [...events, ...redelivered, ...unknown];
    const receivedAtOf = (index: number) => Date.UTC(2026, 11, 7, 9, 0) + index;
    // Waiting before the workers start: they take several at once, as a burst of webhooks arrives.
    for (const [index, event] of deliveries.entries()) {
      await runner.enqueue({
        queue: 'apply',
        name: 'apply',
        data: { connection: 'wms', origin: 'webhook', events: [event], receivedAt: receivedAtOf(index) },
      });
    }
    await runner.start();
    const processed = async () =>
      (await total(runner, 'eventsApplied')) +
      (await total(runner, 'eventsDuplicate')) +
      (await total(runner, 'eventsSuperseded')) +
      (await total(runner, 'eventsRejected'));
    await waitUntil(
      'every delivery answered',
      async () => ((await processed()) >= deliveries.length ? true : undefined),
      {
        timeoutMs: 30_000,
      },
    );

    // Each event answered once: the redeliveries as duplicates, the unknown SKUs refused.
    expect(await total(runner, 'eventsDuplicate')).toBe(redelivered.length);
    expect(await total(runner, 'eventsRejected')).toBe(unknown.length);
    expect(await processed()).toBe(deliveries.length);
    // Fewer engine calls than deliveries, and every delivery in one of them.
    const [perCall] = (await runner.metrics.applyDeliveriesPerCall.get()).values.filter(
      ({ metricName }) => metricName === 'stockwire_apply_deliveries_per_call_sum',
    );
    const [callCount] = (await runner.metrics.applyDeliveriesPerCall.get()).values.filter(
      ({ metricName }) => metricName === 'stockwire_apply_deliveries_per_call_count',
    );
    expect(perCall?.value).toBe(deliveries.length);
    expect(callCount?.value).toBeLessThan(deliveries.length);
    // Each engine call timed its two stages once, beside every job's whole ingest.
    const stages = (await runner.metrics.pushStageSeconds.get()).values.filter(
      ({ metricName, labels }) => metricName === 'stockwire_push_stage_seconds_count' && labels.connection === 'wms',
    );
    const observed = Object.fromEntries(stages.map(({ labels, value }) => [String(labels.stage), value]));
    expect(observed).toMatchObject({
      ingest: deliveries.length,
      apply: callCount?.value,
      projection: callCount?.value,
    });
    // Each refusal is parked with its own event and its own delivery's arrival, for a replay of just that.
    const parked = await runner.deadLetters.list();
    expect(parked).toHaveLength(unknown.length);
    const byKey = new Map(
      parked.map((letter) => [(letter.payload as { idempotencyKey: string }).idempotencyKey, letter]),
    );
    for (const [index, event] of unknown.entries()) {
      const letter = byKey.get(event.idempotencyKey);
      expect(letter?.payload).toEqual(event);
      expect(letter?.replay).toMatchObject({
        queue: 'apply',
        data: { events: [event], receivedAt: receivedAtOf(events.length + redelivered.length + index) },
      });
    }
  }, 60_000);
});
