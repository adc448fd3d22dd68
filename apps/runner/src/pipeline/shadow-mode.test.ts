import { randomUUID } from 'node:crypto';
import { adjustmentFileText, snapshotFileText } from '@stockwire/connector-file/sandbox';
import { useRedisServer } from '@stockwire/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../http/create-http-server.ts';
import type { Runner } from '../runtime/create-runner.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { type RunnerProcess, startRunnerProcess } from '../test-support/runner-process.ts';
import { createSyncWorld, withShopSnapshots } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { ShadowEntry } from './shadow-report.ts';

const redis = useRedisServer();
const adminToken = 'admin-token-for-shadow-tests-77a0';
let runner: Runner | undefined;
let app: FastifyInstance | undefined;
let runnerProcess: RunnerProcess | undefined;
afterEach(async () => {
  await app?.close();
  await runner?.close();
  await runnerProcess?.stop('SIGKILL');
  app = undefined;
  runner = undefined;
  runnerProcess = undefined;
});

const at = (minute: number) => `2026-11-27T09:${String(minute).padStart(2, '0')}:00Z`;

describe('shadow mode', () => {
  it('reports what it would push and how that differs from the channel, and writes nothing to any channel', async () => {
    // Reconciling the shop tells what channel web shows, as it would beside an existing sync.
    const world = withShopSnapshots(await createSyncWorld());
    runner = await startInProcessRunner(world, redis.url, {
      options: { keyPrefix: `shadow-${randomUUID()}`, shadow: true },
    });
    app = await createHttpServer({ runner, adminToken });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const shadowReport = async (query = '') => {
      const response = await fetch(`${base}/admin/shadow${query}`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { shadow: boolean; entries: ShadowEntry[] };
    };

    // The existing sync shows 7 of SKU-A on the web store.
    await world.shop.dropInboxFile(
      'snapshot-0001.csv',
      snapshotFileText([{ sku: 'SKU-A', location: 'WEB', on_hand: 7, available: 7, observed_at: at(0) }]),
    );
    const reconciled = await runner.reconcile('shop');
    expect(reconciled.drifts).toMatchObject([{ sku: 'SKU-A', target: 'web', actual: 7, cause: 'never-pushed' }]);

    await world.wms.dropInboxFile(
      'adjust-0001.csv',
      adjustmentFileText([
        { id: 'a1', sku: 'W-A', location: 'WH1', change: 10, reason: 'found', occurred_at: at(1) },
        { id: 'a2', sku: 'SKU-B', location: 'WH2', change: 4, reason: 'found', occurred_at: at(2) },
      ]),
    );
    const report = await waitUntil(
      'the shadow report of SKU-A and SKU-B',
      async () => {
        const found = await shadowReport();
        return found.entries.length === 2 ? found : undefined;
      },
      { describeLast: async () => JSON.stringify(await shadowReport()) },
    );
    expect(report.shadow).toBe(true);
    expect(report.entries).toMatchObject([
      {
        connection: 'shop',
        channel: 'web',
        sku: 'SKU-A',
        wouldPush: { quantity: 10, status: 'in-stock' },
        channelShows: 7,
        difference: 3,
      },
      { connection: 'shop', channel: 'web', sku: 'SKU-B', wouldPush: { quantity: 4, status: 'in-stock' } },
    ]);
    expect(report.entries[1]?.channelShows).toBeUndefined();
    expect((await shadowReport('?differs=true')).entries.map((entry) => entry.sku)).toEqual(['SKU-A']);

    // Nothing written, nothing left spinning, and every plan counted (SKU-A may be planned after the reconcile too).
    expect(await world.shop.readExports()).toEqual([]);
    expect(await runner.engine.dirtyCount('shop')).toBe(0);
    expect(await runner.engine.status('SKU-B', 'web')).toMatchObject({ computed: { quantity: 4 }, pushed: undefined });
    const metrics = await runner.metrics.registry.metrics();
    expect(metrics).toMatch(/stockwire_shadow_items_total\{connection="shop",comparison="differs"\} [12]\n/);
    expect(metrics).toMatch(/stockwire_shadow_items_total\{connection="shop",comparison="unknown"\} 1\n/);
    expect(metrics).not.toMatch(/stockwire_push_items_total\{/);
  }, 30_000);

  it('is what `stockwire run --shadow` runs', async () => {
    const world = await createSyncWorld();
    runnerProcess = await startRunnerProcess({
      configurationFile: world.configurationFile,
      redisUrl: redis.url,
      runArguments: ['--shadow'],
      environment: {
        STOCKWIRE_KEY_PREFIX: `shadow-cli-${randomUUID()}`,
        STOCKWIRE_ADMIN_TOKEN: adminToken,
        STOCKWIRE_POLL_INTERVAL_SECONDS: '1',
        STOCKWIRE_PUSH_DEBOUNCE_MS: '20',
        STOCKWIRE_RECONCILE_INTERVAL_SECONDS: '0',
      },
    });
    expect(runnerProcess.output()).toMatch(/shadow mode: pushes are planned and reported/);
    await world.wms.dropInboxFile(
      'adjust-0001.csv',
      adjustmentFileText([{ id: 'a1', sku: 'SKU-C', location: 'WH2', change: 6, reason: 'found', occurred_at: at(1) }]),
    );
    const url = `${runnerProcess.url}/admin/shadow?sku=SKU-C`;
    const headers = { authorization: `Bearer ${adminToken}` };
    const entries = await waitUntil('the shadow report of SKU-C', async () => {
      const { entries: found } = (await (await fetch(url, { headers })).json()) as { entries: ShadowEntry[] };
      return found.length > 0 ? found : undefined;
    });
    expect(entries).toMatchObject([{ channel: 'web', sku: 'SKU-C', wouldPush: { quantity: 6 } }]);
    // Nothing is known of what the web store shows until its connection is reconciled.
    expect(entries[0]?.channelShows).toBeUndefined();
    expect(await world.shop.readExports()).toEqual([]);
  }, 30_000);
});
