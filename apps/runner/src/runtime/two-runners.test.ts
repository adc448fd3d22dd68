import { maxEventsInWindow } from '@stockwire/connector-kit/sandbox';
import { useRedisServer } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { adjustmentBurst } from '../test-support/adjustment-burst.ts';
import { type RunnerProcess, startRunnerProcess } from '../test-support/runner-process.ts';
import { createSyncWorld, fixtureSecret, fixtureSecretVariable, publishedOnWeb } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { type FixtureVendor, startFixtureVendor } from '../test-support/webhook-fixture-connector/fixture-vendor.ts';

const redis = useRedisServer();
const running: RunnerProcess[] = [];
let vendor: FixtureVendor | undefined;
afterEach(async () => {
  for (const runner of running.splice(0)) await runner.stop('SIGKILL');
  await vendor?.close();
});

function repeated<T>(items: readonly T[], key: (item: T) => string): string[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].filter(([, count]) => count > 1).map(([value, count]) => `${value} ×${count}`);
}

describe('two runner processes on one Redis', () => {
  it('share the work, push no item twice for the same state, and keep to the shared rate limit', async () => {
    vendor = await startFixtureVendor();
    const ratePerSecond = 10;
    const burstSize = 2;
    // One item per call, so every value the market is told is one call the vendor can count and time.
    const world = await createSyncWorld({
      pageSize: 10,
      hooks: { vendorUrl: vendor.url, pushBatchSize: 1, rateLimit: { ratePerSecond, burst: burstSize } },
    });
    const burst = adjustmentBurst(20, 5, 11);
    for (let index = 0; index < 2; index++) {
      running.push(
        await startRunnerProcess({
          configurationFile: world.configurationFile,
          redisUrl: redis.url,
          environment: {
            [fixtureSecretVariable]: fixtureSecret,
            STOCKWIRE_POLL_INTERVAL_SECONDS: '1',
            STOCKWIRE_PUSH_DEBOUNCE_MS: '20',
            STOCKWIRE_RECONCILE_INTERVAL_SECONDS: '0',
          },
        }),
      );
    }
    // In waves: each wave is seen on the web before the next lands, so the market has many values to catch up on.
    const filesPerWave = 4;
    for (let wave = 0; wave < burst.files.length; wave += filesPerWave) {
      const files = burst.files.slice(wave, wave + filesPerWave);
      for (const file of files) await world.wms.dropInboxFile(file.name, file.text);
      const expected = adjustmentBurst(wave + files.length, 5, 11).onWeb;
      await waitUntil(`web to show the files up to ${wave + files.length}`, async () => {
        const web = await publishedOnWeb(world);
        return Object.entries(expected).every(([sku, total]) => web[sku] === total) ? true : undefined;
      });
    }

    const latestOnMarket = () => {
      const latest: Record<string, number> = {};
      for (const item of vendor?.pushedItems() ?? []) latest[item.sku] = item.quantity;
      return latest;
    };
    await waitUntil(
      'web and market to show every adjustment',
      async () => {
        const web = await publishedOnWeb(world);
        const market = latestOnMarket();
        const done = Object.entries(burst.onWeb).every(([sku, total]) => web[sku] === total && market[sku] === total);
        return done ? true : undefined;
      },
      {
        timeoutMs: 45_000,
        describeLast: async () =>
          JSON.stringify({ web: await publishedOnWeb(world), market: latestOnMarket(), expected: burst.onWeb }),
      },
    );

    // Quantities only grow in this burst, so a value shown twice would be the same state pushed twice.
    const marketItems = vendor.pushedItems();
    expect(repeated(marketItems, (item) => `${item.channel} ${item.sku} ${item.quantity}`)).toEqual([]);
    const exportedRows = (await world.shop.readExports()).flatMap((file) => file.rows);
    expect(repeated(exportedRows, (row) => `${row.channel} ${row.sku} ${row.quantity}`)).toEqual([]);

    // The vendor's own arrival log is the judge of the rate, across both processes.
    const arrivals = vendor.pushCallTimes();
    expect(arrivals.length).toBeGreaterThan(burstSize);
    for (const windowMs of [100, 250, 500, 1_000, 2_000]) {
      const allowed = Math.floor(burstSize + (ratePerSecond * windowMs) / 1_000);
      expect(
        maxEventsInWindow(arrivals, windowMs),
        `calls within ${windowMs} ms (allowed ${allowed})`,
      ).toBeLessThanOrEqual(allowed);
    }

    // Both processes took part.
    for (const runner of running) {
      const metrics = await (await fetch(`${runner.url}/metrics`)).text();
      expect(metrics, `metrics of the runner on port ${runner.port}`).toMatch(
        /stockwire_events_received_total\{connection="wms",origin="poll"\} [1-9]/,
      );
    }
  }, 90_000);
});
