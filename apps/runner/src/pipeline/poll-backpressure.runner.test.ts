import { adjustmentFileText } from '@stockwire/connector-file/sandbox';
import { hoursAgo, useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runner } from '../runtime/create-runner.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld, type SyncWorld } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { pollPagesAhead } from './poll-backpressure.ts';

const redis = useRedisServer();
const pageSize = 10;
const rows = 400;
const keyPrefix = 'poll-backpressure';
const cursorKey = `{${keyPrefix}:runner:wms}:cursor`;
const inFlightKey = `${cursorKey}:pages-in-flight`;
let world: SyncWorld;
let runner: Runner;
let client: Redis;

beforeAll(async () => {
  world = await createSyncWorld({ pageSize });
  runner = await startInProcessRunner(world, redis.url, { options: { keyPrefix } });
  client = new Redis(redis.url);
}, 30_000);
afterAll(async () => {
  await runner?.close();
  client?.disconnect();
});

const applyQueue = () => {
  const queue = runner.queues.get('apply');
  if (queue === undefined) throw new Error('the runner has no apply queue');
  return queue;
};
const applyJobsWaiting = async () => {
  const counts = await applyQueue().getJobCounts('wait', 'prioritized', 'active', 'delayed');
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
};
const storedCursor = async () => JSON.parse((await client.get(cursorKey)) ?? 'null') as { line: number } | null;

describe('polling while the applies lag (backpressure)', () => {
  it(`reads at most ${pollPagesAhead} pages ahead of the applies, then everything once they catch up`, async () => {
    // Applies stopped entirely: the worst lag there is. Without a bound every page of the file would be enqueued.
    await applyQueue().pause();
    await world.wms.dropInboxFile(
      'adjust-0001.csv',
      adjustmentFileText(
        Array.from({ length: rows }, (_, index) => ({
          id: `b${index}`,
          sku: 'SKU-B',
          location: index % 2 === 0 ? 'WH1' : 'WH2',
          change: 1,
          reason: 'found',
          occurred_at: hoursAgo(1),
        })),
      ),
    );
    await waitUntil('the poll to stop at the bound', async () =>
      (await applyJobsWaiting()) === pollPagesAhead ? true : undefined,
    );
    // Polls keep coming (every second, and each bounded one looks again) while the applies stay paused.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await applyJobsWaiting()).toBe(pollPagesAhead);
    expect(await client.zcard(inFlightKey)).toBe(pollPagesAhead);
    // The cursor has moved exactly past the pages enqueued (line 1 is the header), and no further.
    expect(await storedCursor()).toMatchObject({ line: 1 + pollPagesAhead * pageSize });

    await applyQueue().resume();
    await waitUntil('every row to be applied', async () => {
      const [east, west] = await Promise.all([
        runner.engine.quantities('SKU-B', 'wh-1'),
        runner.engine.quantities('SKU-B', 'wh-2'),
      ]);
      return east.onHand + west.onHand === rows ? true : undefined;
    });
    expect(await runner.engine.quantities('SKU-B', 'wh-1')).toMatchObject({ onHand: rows / 2 });
    expect(await runner.engine.quantities('SKU-B', 'wh-2')).toMatchObject({ onHand: rows / 2 });
    await waitUntil('no page to be counted in flight', async () =>
      (await client.zcard(inFlightKey)) === 0 ? true : undefined,
    );
    expect(await runner.deadLetters.count()).toBe(0);
  }, 60_000);
});
