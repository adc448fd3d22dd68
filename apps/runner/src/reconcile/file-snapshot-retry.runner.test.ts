import { randomUUID } from 'node:crypto';
import { snapshotFileText } from '@stockwire/connector-file/sandbox';
import { useRedisServer } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { Runner } from '../runtime/create-runner.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld, publishedOnWeb } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';

const redis = useRedisServer();
let runner: Runner | undefined;
afterEach(async () => {
  await runner?.close();
  runner = undefined;
});

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe('a snapshot file rewritten between two pages of a reconciliation', () => {
  it('is read again from its first page: the new file wins, nothing is lost, no value of the old file is pushed', async () => {
    // Two rows a page: the five rows of the snapshot take three pages.
    const world = await createSyncWorld({ pageSize: 2 });
    const oldObservedAt = minutesAgo(10);
    await world.wms.dropInboxFile(
      'snapshot.csv',
      snapshotFileText([
        { sku: 'W-A', location: 'WH1', on_hand: 10, observed_at: oldObservedAt },
        { sku: 'SKU-B', location: 'WH1', on_hand: 20, observed_at: oldObservedAt },
        // The rows of the old file's later pages: never handed out, so never applied and never pushed.
        { sku: 'SKU-C', location: 'WH1', on_hand: 30, observed_at: oldObservedAt },
        { sku: 'SKU-D', location: 'WH1', on_hand: 40, observed_at: oldObservedAt },
        { sku: 'SKU-B', location: 'WH2', on_hand: 50, observed_at: oldObservedAt },
      ]),
    );
    const newObservedAt = minutesAgo(1);
    // The WMS counts again and rewrites the same file (another size, another time): a different version of it.
    const newFile = snapshotFileText([
      { sku: 'W-A', location: 'WH1', on_hand: 1, observed_at: newObservedAt },
      { sku: 'SKU-B', location: 'WH1', on_hand: 2, observed_at: newObservedAt },
      { sku: 'SKU-C', location: 'WH1', on_hand: 3, observed_at: newObservedAt },
      { sku: 'SKU-D', location: 'WH1', on_hand: 4, observed_at: newObservedAt },
      { sku: 'SKU-B', location: 'WH2', on_hand: 5, observed_at: newObservedAt },
      { sku: 'SKU-C', location: 'WH2', on_hand: 6, observed_at: newObservedAt },
    ]);
    runner = await startInProcessRunner(world, redis.url, { options: { keyPrefix: `file-retry-${randomUUID()}` } });
    const started = runner;

    const pagesSeen: (string | undefined)[] = [];
    let rewritten = false;
    const summary = await started.reconcile('wms', {
      onPage: async (_summary, nextCursor) => {
        pagesSeen.push(nextCursor);
        // After the first page reached the engine and before the second is read: the file changes under the run.
        if (!rewritten) {
          rewritten = true;
          await world.wms.dropInboxFile('snapshot.csv', newFile);
        }
      },
    });

    // The old file's first page, then the new file's three pages from its first (the cursor of the old version is
    // refused, so the retry starts over): the run ends after the last page of the new file.
    expect(rewritten).toBe(true);
    expect(pagesSeen.length).toBe(4);
    expect(pagesSeen.at(-1)).toBeUndefined();
    expect(summary.resumedFrom).toBeUndefined();
    // The summary covers the whole run: the old file's first page (2 rows), then the new file's 6 rows.
    expect(summary.pages).toBe(4);
    expect(summary.records).toBe(8);

    // Every row of the new file is our state, including the row the old file did not have.
    const expected = {
      'SKU-A wh-1': 1,
      'SKU-B wh-1': 2,
      'SKU-C wh-1': 3,
      'SKU-D wh-1': 4,
      'SKU-B wh-2': 5,
      'SKU-C wh-2': 6,
    };
    for (const [key, onHand] of Object.entries(expected)) {
      const [sku, location] = key.split(' ') as [string, string];
      expect(await started.engine.quantities(sku, location), key).toMatchObject({ onHand });
    }

    // What the web shows: the new file's numbers summed over both warehouses.
    const newWeb = { 'SKU-A': 1, 'SKU-B': 7, 'SKU-C': 9, 'SKU-D': 4 };
    await waitUntil('web to show the new snapshot', async () => {
      const shown = await publishedOnWeb(world);
      return Object.entries(newWeb).every(([sku, quantity]) => shown[sku] === quantity) ? true : undefined;
    });
    // No export ever carried a number only the old file's unread pages held (SKU-C 30, SKU-D 40, SKU-B 20 + 50).
    const exported = await world.shop.publishedAvailability();
    const staleOnWeb = exported.filter(
      (row) =>
        row.channel === 'web' &&
        ((row.sku === 'SKU-C' && row.quantity === 30) ||
          (row.sku === 'SKU-D' && row.quantity === 40) ||
          (row.sku === 'SKU-B' && row.quantity === 70)),
    );
    expect(staleOnWeb).toEqual([]);
  });
});
