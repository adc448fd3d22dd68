import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { adjustmentFileText } from '@stockwire/connector-file/sandbox';
import type { SandboxRequest } from '@stockwire/connector-kit/sandbox';
import { createShopifySandbox, type ShopifySandbox } from '@stockwire/connector-shopify/sandbox';
import { createEngine } from '@stockwire/engine';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createDeadLetterStore } from '../dead-letters/dead-letter-store.ts';
import { createRunnerKeys } from '../jobs/runner-keys.ts';
import { type RunnerProcess, startRunnerProcess } from '../test-support/runner-process.ts';
import { createSyncWorld } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';

// Issue 23: the crash test killed a runner mid-burst with file connectors only; here the runner is killed while a
// push to an HTTP vendor (Shopify's Admin API, in its sandbox) is in flight, once with the write lost and once with
// the write done but its answer lost. Either way the next runner must converge on the value the events imply,
// nothing applied twice, nothing dead-lettered.
const redis = useRedisServer();
const processes: RunnerProcess[] = [];
let shopify: ShopifySandbox | undefined;
afterEach(async () => {
  for (const started of processes.splice(0)) await started.stop('SIGKILL');
  await shopify?.close();
  shopify = undefined;
});

const storeLocation = 'gid://shopify/Location/4001';
const sku = 'SKU-C';
const fastRunner = {
  STOCKWIRE_JOB_LOCK_MS: '1000',
  STOCKWIRE_POLL_INTERVAL_SECONDS: '1',
  STOCKWIRE_PUSH_DEBOUNCE_MS: '50',
  STOCKWIRE_PUSH_RETRY_DELAY_MS: '200',
  STOCKWIRE_JOB_BACKOFF_MS: '100',
  STOCKWIRE_RECONCILE_INTERVAL_SECONDS: '0',
  STOCKWIRE_SWEEP_INTERVAL_SECONDS: '2',
};

const isQuantityWrite = (request: SandboxRequest) =>
  JSON.stringify(request.json ?? '').includes('inventorySetQuantities');

async function installation(sandbox: ShopifySandbox) {
  sandbox.addLocation(storeLocation);
  const item = sandbox.addInventoryItem(sku);
  sandbox.setLevel(item, storeLocation, { available: 0, on_hand: 0 });
  const world = await createSyncWorld();
  const raw = {
    ...world.configuration,
    connections: {
      ...world.configuration.connections,
      shopify: {
        connector: 'shopify',
        locations: { [storeLocation]: 'wh-1' },
        settings: {
          ...sandbox.connectionSettings({ accessToken: 'SHOPIFY_ACCESS_TOKEN', apiSecretKey: 'SHOPIFY_API_SECRET' }),
          // A hung write is given up on quickly by a runner that lives, so only the kill decides what happens.
          requestTimeoutMs: 60_000,
        },
      },
    },
    channels: [...world.configuration.channels, { id: 'online', connection: 'shopify', locations: ['wh-1'] }],
  };
  const configuration = StockwireConfigurationSchema.parse(raw);
  const configurationFile = join(world.root, 'shopify-push-kill.yaml');
  await writeFile(configurationFile, stringify(raw));
  return { world, item, configuration, configurationFile };
}

describe('a runner killed while a push to an HTTP vendor is in flight (#23)', () => {
  it('converges after a restart whether the vendor lost the write or only its answer', async () => {
    shopify = await createShopifySandbox();
    const sandbox = shopify;
    const { world, item, configuration, configurationFile } = await installation(sandbox);
    const environment = {
      ...fastRunner,
      SHOPIFY_ACCESS_TOKEN: sandbox.accessToken,
      SHOPIFY_API_SECRET: sandbox.apiSecretKey,
    };
    const start = async () => {
      const started = await startRunnerProcess({ configurationFile, redisUrl: redis.url, environment });
      processes.push(started);
      return started;
    };
    const shows = () => sandbox.level(item, storeLocation)?.available;
    const adjust = (id: string, change: number) =>
      world.wms.dropInboxFile(
        `adjust-${id}.csv`,
        adjustmentFileText([
          { id, sku, location: 'WH1', change, reason: 'found', occurred_at: new Date().toISOString() },
        ]),
      );
    const hungWrites = () => sandbox.server.calls.filter((call) => call.fault === 'hang' && isQuantityWrite(call));

    // 1. The write hangs and is never applied: the runner dies waiting for it.
    sandbox.server.faults.hangNext(1, { when: isQuantityWrite });
    const first = await start();
    await adjust('a1', 10);
    await waitUntil('the first push to Shopify to be in flight', () => (hungWrites().length === 1 ? true : undefined));
    expect(await first.stop('SIGKILL')).toBeNull();
    expect(shows()).toBe(0);
    sandbox.server.faults.clear();
    const second = await start();
    await waitUntil('the next runner to push the 10 the WMS found', () => (shows() === 10 ? true : undefined), {
      timeoutMs: 30_000,
      describeLast: () => JSON.stringify({ shows: shows(), output: second.output().slice(-2_000) }),
    });

    // 2. The write is applied but its answer never comes back (the vendor took it; the runner never heard).
    sandbox.server.faults.hangNext(1, { when: isQuantityWrite });
    await adjust('a2', 5);
    await waitUntil('the second push to be in flight', () => (hungWrites().length === 2 ? true : undefined));
    expect(await second.stop('SIGKILL')).toBeNull();
    // What the vendor did with the write the runner never heard back about.
    sandbox.setLevel(item, storeLocation, { available: 15, on_hand: 15 });
    sandbox.server.faults.clear();
    const third = await start();
    // Then more stock arrives: the next push must start from what Shopify really holds, not from the lost answer.
    await adjust('a3', 2);
    await waitUntil('Shopify to show 17, the total the events imply', () => (shows() === 17 ? true : undefined), {
      timeoutMs: 30_000,
      describeLast: () => JSON.stringify({ shows: shows(), output: third.output().slice(-2_000) }),
    });

    const client = new Redis(redis.url);
    try {
      const engine = createEngine({ redis: client, configuration });
      // Applied once each: 10 + 5 + 2, though the runners died twice around these events' pushes.
      expect(await engine.quantities(sku, 'wh-1')).toMatchObject({ onHand: 17 });
      expect(await createDeadLetterStore(client, createRunnerKeys('stockwire').deadLetters).list()).toEqual([]);
    } finally {
      client.disconnect();
    }
    expect(shows()).toBe(17);
  }, 120_000);
});
