import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { snapshotFileText } from '@stockwire/connector-file/sandbox';
import type { SandboxRequest } from '@stockwire/connector-kit/sandbox';
import { createShopifySandbox, type ShopifySandbox } from '@stockwire/connector-shopify/sandbox';
import { createEngine } from '@stockwire/engine';
import { type StockwireConfigurationInput, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { type RunnerProcess, startRunnerProcess } from '../test-support/runner-process.ts';
import { createSyncWorld, publishedOnWeb, type SyncWorld } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { Runner } from './create-runner.ts';

const redis = useRedisServer();
let runner: Runner | undefined;
let sandbox: ShopifySandbox | undefined;
const processes: RunnerProcess[] = [];
afterEach(async () => {
  await runner?.close();
  for (const started of processes.splice(0)) await started.stop('SIGKILL');
  await sandbox?.close();
  runner = sandbox = undefined;
});

/** The configured schedules only: the test runner's own overrides (poll every second, no full pass) are lifted. */
const configuredSchedules = { pollIntervalSeconds: undefined, reconcileIntervalSeconds: undefined };

/** `wms` runs only a full pass, `shop` only a delta pass, each every second: the two schedules are independent. */
function withSchedules(world: SyncWorld): SyncWorld {
  const { wms, shop } = world.configuration.connections;
  if (wms === undefined || shop === undefined) throw new Error('the world lacks wms or shop');
  return {
    ...world,
    configuration: {
      ...world.configuration,
      connections: {
        ...world.configuration.connections,
        wms: { ...wms, reconcile: { fullEverySeconds: 1, deltaEverySeconds: 0 } },
        shop: { ...shop, reconcile: { fullEverySeconds: 0, deltaEverySeconds: 1 } },
      },
    },
  };
}

/** Calls of one connection and operation, as `stockwire_api_calls_total` counts them. */
async function callsOf(started: Runner, connection: string, operation: string): Promise<number> {
  const { values } = await started.metrics.apiCalls.get();
  return values
    .filter((value) => value.labels.connection === connection && value.labels.operation === operation)
    .reduce((sum, value) => sum + value.value, 0);
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe('scheduled reconciliation, with the schedules of the configuration', () => {
  it('runs the full pass by itself and heals a change on the authority that nobody reported', async () => {
    // Two rows per snapshot page: every full pass reads several pages.
    const world = withSchedules(await createSyncWorld({ pageSize: 2 }));
    const snapshot = (name: string, onHandOfA: number, observedAt: string) =>
      world.wms.dropInboxFile(
        name,
        snapshotFileText([
          { sku: 'W-A', location: 'WH1', on_hand: onHandOfA, observed_at: observedAt },
          { sku: 'SKU-B', location: 'WH1', on_hand: 4, observed_at: observedAt },
          { sku: 'SKU-C', location: 'WH2', on_hand: 6, observed_at: observedAt },
          { sku: 'SKU-D', location: 'WH2', on_hand: 1, observed_at: observedAt },
          { sku: 'SKU-B', location: 'WH2', on_hand: 2, observed_at: observedAt },
        ]),
      );
    await snapshot('snapshot-1.csv', 10, minutesAgo(10));
    runner = await startInProcessRunner(world, redis.url, {
      options: { ...configuredSchedules, keyPrefix: `scheduled-${randomUUID()}` },
    });
    const started = runner;
    const webShows = (sku: string, quantity: number) => async () =>
      (await publishedOnWeb(world))[sku] === quantity ? true : undefined;
    await waitUntil('the first full pass to load the snapshot and web to show it', webShows('SKU-A', 10), {
      describeLast: async () => JSON.stringify(await publishedOnWeb(world)),
    });

    // Behind the runner's back: the WMS counts SKU-A again and writes a new snapshot. No event, no webhook, and
    // wms has no delta schedule; only a full pass can find it.
    await snapshot('snapshot-2.csv', 3, minutesAgo(1));
    await waitUntil('a later full pass to heal SKU-A on web', webShows('SKU-A', 3), {
      describeLast: async () => JSON.stringify(await publishedOnWeb(world)),
    });
    expect(await started.engine.quantities('SKU-A', 'wh-1')).toMatchObject({ onHand: 3 });
    expect(await started.engine.quantities('SKU-B', 'wh-2')).toMatchObject({ onHand: 2 });

    // Each kind ran on its own schedule: wms's full pass read snapshots (3 pages a pass, at least two passes) and
    // its changes only once, at start; shop's delta pass polled again and again and never read a snapshot.
    await waitUntil('shop to be polled by its delta schedule', async () =>
      (await callsOf(started, 'shop', 'pullChanges')) >= 3 ? true : undefined,
    );
    expect(await callsOf(started, 'wms', 'readSnapshot')).toBeGreaterThanOrEqual(6);
    expect(await callsOf(started, 'wms', 'pullChanges')).toBe(1);
    expect(await callsOf(started, 'shop', 'readSnapshot')).toBe(0);
    const schedulers = async (queue: 'poll' | 'reconcile') =>
      (await started.queues.get(queue)?.getJobSchedulers(0, -1))?.map((found) => [found.id ?? found.key, found.every]);
    expect(await schedulers('reconcile')).toEqual([['reconcile:wms', 1_000]]);
    expect(await schedulers('poll')).toEqual([['poll:shop', 1_000]]);
  });
});

const north = 'gid://shopify/Location/1001';
const skus = ['S-1', 'S-2', 'S-3', 'S-4', 'S-5'];

/** A Shopify store read one inventory item per snapshot page: a full pass takes five pages. */
async function shopifyInstallation(shopify: ShopifySandbox) {
  shopify.addLocation(north);
  skus.forEach((sku, index) => {
    const item = shopify.addInventoryItem(sku);
    shopify.setLevel(item, north, { available: index + 1, on_hand: index + 1 }, { updatedAt: minutesAgo(5) });
  });
  const world = await createSyncWorld();
  const raw: StockwireConfigurationInput = {
    version: 1,
    locations: [{ id: 'wh-1', kind: 'warehouse' }],
    skus: skus.map((id) => ({ id })),
    connections: {
      shopify: {
        connector: 'shopify',
        locations: { [north]: 'wh-1' },
        settings: {
          ...shopify.connectionSettings({ accessToken: 'SHOPIFY_ACCESS_TOKEN', apiSecretKey: 'SHOPIFY_API_SECRET' }),
          pageSize: 1,
        },
        // The full pass fires when the runner installs its schedule; the next one is an hour away.
        reconcile: { fullEverySeconds: 3_600 },
      },
    },
    authority: [{ connections: ['shopify'], states: '*' }],
  };
  const configurationFile = join(world.root, 'shopify-authority.yaml');
  await writeFile(configurationFile, stringify(raw));
  return { configurationFile, configuration: StockwireConfigurationSchema.parse(raw) };
}

interface SnapshotPageCall {
  readonly after: string | null;
  readonly status: number | undefined;
}

function snapshotPageAfter(request: SandboxRequest): string | null | undefined {
  const body = (request.json ?? {}) as { query?: unknown; variables?: { after?: string | null } };
  if (typeof body.query !== 'string' || !body.query.includes('InventorySnapshotPage')) return undefined;
  return body.variables?.after ?? null;
}

function snapshotPageCalls(shopify: ShopifySandbox, from = 0): SnapshotPageCall[] {
  return shopify.server.calls.slice(from).flatMap((call) => {
    const after = snapshotPageAfter(call);
    return after === undefined ? [] : [{ after, status: call.status }];
  });
}

describe('a runner stopped in the middle of a scheduled full pass', () => {
  it('leaves the pass to the next runner, which resumes at the page reached instead of the first page', async () => {
    sandbox = await createShopifySandbox();
    const shopify = sandbox;
    const installation = await shopifyInstallation(shopify);
    const keyPrefix = `resume-${randomUUID()}`;
    const environment = {
      SHOPIFY_ACCESS_TOKEN: shopify.accessToken,
      SHOPIFY_API_SECRET: shopify.apiSecretKey,
      STOCKWIRE_KEY_PREFIX: keyPrefix,
      // A killed runner's job is taken over one second after it stopped renewing its lock.
      STOCKWIRE_JOB_LOCK_MS: '1000',
      STOCKWIRE_JOB_BACKOFF_MS: '100',
    };
    const start = async () => {
      const started = await startRunnerProcess({
        configurationFile: installation.configurationFile,
        redisUrl: redis.url,
        environment,
      });
      processes.push(started);
      return started;
    };

    // The second page never gets an answer: the runner is caught after the first page, mid-pass, and killed.
    shopify.server.faults.hangNext(1, { when: (request) => typeof snapshotPageAfter(request) === 'string' });
    const first = await start();
    const hung = await waitUntil(
      'the scheduled full pass to ask for its second page',
      () => snapshotPageCalls(shopify).find((call) => call.after !== null),
      { describeLast: () => JSON.stringify(snapshotPageCalls(shopify)) },
    );
    expect(snapshotPageCalls(shopify).filter((call) => call.after === null)).toHaveLength(1);
    expect(await first.stop('SIGKILL')).toBeNull();
    shopify.server.faults.clear();
    const readBeforeRestart = shopify.server.calls.length;

    await start();
    const resumed = await waitUntil(
      'the next runner to read the four pages left',
      () => {
        const calls = snapshotPageCalls(shopify, readBeforeRestart).filter((call) => call.status === 200);
        return calls.length >= 4 ? calls : undefined;
      },
      { timeoutMs: 30_000, describeLast: () => JSON.stringify(snapshotPageCalls(shopify, readBeforeRestart)) },
    );
    // The pass goes on where it stopped: its first read asks for the page the killed runner was waiting for, and it
    // reads the four pages after the first one, each once, before anything reads the first page again.
    expect(resumed[0]?.after).toBe(hung.after);
    const pagesOfThePass = resumed.slice(0, 4).map((call) => call.after);
    expect(pagesOfThePass).not.toContain(null);
    expect(new Set(pagesOfThePass).size).toBe(4);

    // And the pass healed every position: the first page from the killed runner, the rest from the next one.
    const client = new Redis(redis.url);
    try {
      const engine = createEngine({ redis: client, configuration: installation.configuration, options: { keyPrefix } });
      await waitUntil('every position of the store to be loaded', async () => {
        for (const [index, sku] of skus.entries()) {
          if ((await engine.quantities(sku, 'wh-1')).onHand !== index + 1) return undefined;
        }
        return true;
      });
    } finally {
      client.disconnect();
    }
  }, 60_000);
});
