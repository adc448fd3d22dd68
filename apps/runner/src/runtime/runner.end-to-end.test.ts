import { adjustmentFileText } from '@stockwire/connector-file/sandbox';
import { useRedisServer } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld, publishedOnWeb } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { Runner } from './create-runner.ts';

const redis = useRedisServer();
let runner: Runner | undefined;
afterEach(async () => {
  await runner?.close();
  runner = undefined;
});

const at = (minute: number) => `2026-11-27T09:${String(minute).padStart(2, '0')}:00Z`;

describe('the runner wires connectors, engine and queues together', () => {
  it('polls adjustment files from the WMS, applies them, and exports the channel quantities to the shop', async () => {
    const world = await createSyncWorld();
    runner = await startInProcessRunner(world, redis.url);
    await world.wms.dropInboxFile(
      'adjust-0001.csv',
      adjustmentFileText([
        { id: 'a1', sku: 'W-A', location: 'WH1', change: 10, reason: 'found', occurred_at: at(0) },
        { id: 'a2', sku: 'SKU-B', location: 'WH2', change: 4, reason: 'found', occurred_at: at(1) },
        { id: 'a3', sku: 'W-A', location: 'WH2', change: 3, reason: 'found', occurred_at: at(2) },
        { id: 'x1', sku: 'NOT-IN-CATALOG', location: 'WH1', change: 1, reason: 'found', occurred_at: at(3) },
      ]),
    );
    await waitUntil(
      'web to show SKU-A 13 and SKU-B 4',
      async () => {
        const shown = await publishedOnWeb(world);
        return shown['SKU-A'] === 13 && shown['SKU-B'] === 4 ? shown : undefined;
      },
      { describeLast: async () => JSON.stringify(await publishedOnWeb(world)) },
    );

    await world.wms.dropInboxFile(
      'adjust-0002.csv',
      adjustmentFileText([{ id: 'a4', sku: 'W-A', location: 'WH1', change: -5, reason: 'lost', occurred_at: at(4) }]),
    );
    await waitUntil('web to show SKU-A 8', async () =>
      (await publishedOnWeb(world))['SKU-A'] === 8 ? true : undefined,
    );

    expect(await runner.engine.quantities('SKU-A', 'wh-1')).toMatchObject({ onHand: 5 });
    expect(await runner.engine.status('SKU-A', 'web')).toMatchObject({
      computed: { quantity: 8 },
      pushed: { quantity: 8 },
    });
    // Only what changed is exported again: the last export holds SKU-A alone.
    const exports = await world.shop.readExports();
    expect(exports.at(-1)?.rows).toEqual([
      { channel: 'web', sku: 'SKU-A', location: '', quantity: 8, status: 'in-stock' },
    ]);
    // The row the WMS sent for a SKU nobody mapped is parked with where it came from, the rest applied.
    const letters = await runner.deadLetters.list();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ kind: 'item-failure', connection: 'wms' });
    expect(letters[0]?.reason).toMatch(/adjust-0001\.csv:5.*NOT-IN-CATALOG/);

    const metrics = await runner.metrics.registry.metrics();
    expect(metrics).toMatch(/stockwire_events_applied_total\{connection="wms"\} 4/);
    expect(metrics).toMatch(/stockwire_dead_letters 1/);
    expect(metrics).toMatch(/stockwire_dirty_channel_skus\{connection="shop"\} 0/);
    const latencySamples = /stockwire_event_to_push_seconds_count\{connection="shop"\} (\d+)/.exec(metrics);
    expect(Number(latencySamples?.[1])).toBeGreaterThanOrEqual(3);
  });
});
