import { createEngine } from '@stockwire/engine';
import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeadLetterStore } from '../dead-letters/dead-letter-store.ts';
import { createRunnerKeys } from '../jobs/runner-keys.ts';
import { adjustmentBurst } from '../test-support/adjustment-burst.ts';
import { type RunnerProcess, startRunnerProcess } from '../test-support/runner-process.ts';
import { createSyncWorld, publishedOnWeb } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';

const redis = useRedisServer();
const running: RunnerProcess[] = [];
afterEach(async () => {
  for (const runner of running.splice(0)) await runner.stop('SIGKILL');
});

/** Short timings: a killed runner's jobs are taken over one second after it stopped renewing their locks. */
const fastRunner = {
  STOCKWIRE_JOB_LOCK_MS: '1000',
  STOCKWIRE_POLL_INTERVAL_SECONDS: '1',
  STOCKWIRE_PUSH_DEBOUNCE_MS: '50',
  STOCKWIRE_PUSH_RETRY_DELAY_MS: '200',
  STOCKWIRE_JOB_BACKOFF_MS: '100',
  STOCKWIRE_RECONCILE_INTERVAL_SECONDS: '0',
  STOCKWIRE_SWEEP_INTERVAL_SECONDS: '2',
};

describe('a runner killed with SIGKILL in the middle of a burst', () => {
  it('loses no event, applies none twice, and converges to the expected quantities after a restart', async () => {
    // Seven rows per poll: the first half of the burst alone takes a dozen polls, so the kill lands mid-way.
    const world = await createSyncWorld({ pageSize: 7 });
    const burst = adjustmentBurst(24, 6, 7);
    const firstHalf = burst.files.slice(0, 12);
    const secondHalf = burst.files.slice(12);
    const start = async () => {
      const runner = await startRunnerProcess({
        configurationFile: world.configurationFile,
        redisUrl: redis.url,
        environment: fastRunner,
      });
      running.push(runner);
      return runner;
    };

    const first = await start();
    for (const file of firstHalf) await world.wms.dropInboxFile(file.name, file.text);
    await waitUntil('the first availability export', async () =>
      (await world.shop.readExports()).length > 0 ? true : undefined,
    );
    expect(await first.stop('SIGKILL')).toBeNull();
    const shownWhenKilled = await publishedOnWeb(world);
    expect(shownWhenKilled).not.toEqual(burst.onWeb);

    // The WMS keeps writing while no runner is up.
    for (const file of secondHalf) await world.wms.dropInboxFile(file.name, file.text);
    const second = await start();
    await waitUntil(
      'web to show every adjustment of the burst',
      async () => {
        const shown = await publishedOnWeb(world);
        return Object.entries(burst.onWeb).every(([sku, quantity]) => shown[sku] === quantity) ? shown : undefined;
      },
      {
        timeoutMs: 45_000,
        describeLast: async () => JSON.stringify({ shown: await publishedOnWeb(world), expected: burst.onWeb }),
      },
    );

    const client = new Redis(redis.url);
    try {
      const engine = createEngine({ redis: client, configuration: world.configuration });
      for (const [sku, byLocation] of burst.totals) {
        for (const [location, total] of byLocation) {
          expect(await engine.quantities(sku, location), `${sku} at ${location}`).toMatchObject({ onHand: total });
        }
      }
      expect(await createDeadLetterStore(client, createRunnerKeys('stockwire').deadLetters).list()).toEqual([]);
    } finally {
      client.disconnect();
    }

    // A graceful stop: the signal is logged, jobs in progress finish, the process exits 0.
    expect(await second.stop('SIGTERM')).toBe(0);
    expect(second.output()).toMatch(/"msg":"stopped"/);
  }, 90_000);
});
