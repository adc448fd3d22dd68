import { adjustmentFileText } from '@stockwire/connector-file/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { hoursAgo, type RedisClusterHandle, startRedisCluster } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runReplay } from '../commands/replay.ts';
import { type AlertReceiver, startAlertReceiver } from '../test-support/alert-receiver.ts';
import { capturedIo } from '../test-support/captured-io.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld, fixtureSecret, fixtureSecretVariable, publishedOnWeb } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import {
  type FixtureVendor,
  fixtureWebhookHeaders,
  startFixtureVendor,
} from '../test-support/webhook-fixture-connector/fixture-vendor.ts';
import type { Runner } from './create-runner.ts';

let clusterServers: RedisClusterHandle;
let clusterUrl: string;
let vendor: FixtureVendor;
let receiver: AlertReceiver;
const runners: Runner[] = [];
beforeAll(async () => {
  clusterServers = await startRedisCluster(3);
  clusterUrl = `redis+cluster://${clusterServers.nodes.map((node) => `${node.host}:${node.port}`).join(',')}`;
  vendor = await startFixtureVendor();
  receiver = await startAlertReceiver();
}, 60_000);
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.close();
});
afterAll(async () => {
  await vendor?.close();
  await receiver?.close();
  await clusterServers?.stop();
});

const environment = { [fixtureSecretVariable]: fixtureSecret };

describe('the runner on a three-master Redis Cluster', () => {
  it('polls, takes webhooks, pushes to both channels, dead-letters a refused event and replays it', async () => {
    // A declared rate limit, so the shared limiter's scripts run on the cluster too. An idle bucket's key expires
    // once it would be full again (burst ÷ rate + 1 s): a deep, slow bucket keeps it for the check at the end.
    const world = await createSyncWorld({
      hooks: { vendorUrl: vendor.url, authority: false, rateLimit: { ratePerSecond: 1, burst: 100 } },
    });
    // Alerts on, so their shared windows (MULTI over a connection's call logs) and open-alert hash run here too.
    const alerts = {
      webhookUrl: receiver.url,
      evaluateIntervalSeconds: 1,
      openDrifts: 0,
      failedItems: 1,
      errorRate: 0.5,
      oversellRiskFactor: 0,
    };
    const first = await startInProcessRunner(world, clusterUrl, {
      environment,
      options: { keyPrefix: 'cl', alerts },
    });
    runners.push(first);

    // In through a file poll, out to the web store's files and the fixture vendor's API.
    await world.wms.dropInboxFile(
      'adjust-0001.csv',
      adjustmentFileText([
        { id: 'a1', sku: 'W-A', location: 'WH1', change: 10, reason: 'found', occurred_at: hoursAgo(3) },
        { id: 'a2', sku: 'SKU-B', location: 'WH2', change: 4, reason: 'found', occurred_at: hoursAgo(2.98) },
      ]),
    );
    await waitUntil('web to show SKU-A 10 and SKU-B 4', async () => {
      const shown = await publishedOnWeb(world);
      return shown['SKU-A'] === 10 && shown['SKU-B'] === 4 ? true : undefined;
    });
    await waitUntil('the market to show SKU-A 10', () =>
      vendor.pushedItems().some((item) => item.sku === 'SKU-A' && item.quantity === 10) ? true : undefined,
    );

    // In through a webhook from a connection that is not an authority: the engine refuses it, it is parked.
    const body = JSON.stringify({
      adjustments: [
        { id: 'count-7', sku: 'SKU-C', location: 'L1', change: 6, reason: 'found', occurredAt: hoursAgo(2) },
      ],
    });
    expect(
      await first.acceptWebhook('hooks', {
        headers: fixtureWebhookHeaders(body, fixtureSecret, 'delivery-7'),
        rawBody: Buffer.from(body),
        receivedAt: new Date().toISOString(),
      }),
    ).toEqual({ outcome: 'accepted' });
    const [letter] = await waitUntil('the refused event to be dead-lettered', async () => {
      const letters = await first.deadLetters.list();
      return letters.length > 0 ? letters : undefined;
    });
    expect(letter).toMatchObject({ kind: 'event-rejected', connection: 'hooks', error: { code: 'not-authority' } });
    await waitUntil('the failed-items alert', () =>
      receiver.accepted().some((alert) => /1 failed items in the last 3600 s/.test(alert.text)) ? true : undefined,
    );

    // The state really is spread over the shards: every master holds some of the runner's keys.
    const masters = clusterServers.nodes.map((node) => new Redis(node.port, node.host, { maxRetriesPerRequest: 1 }));
    try {
      const keyCounts = await Promise.all(masters.map((master) => master.dbsize()));
      expect(keyCounts).toHaveLength(3);
      for (const count of keyCounts) expect(count).toBeGreaterThan(0);
      // The push went through the shared limiter: its bucket lives on the cluster, in the account's slot.
      const limiterKeys = (
        await Promise.all(masters.map((master) => master.keys('{stockwire:rl:cl%3Ahooks}:*')))
      ).flat();
      expect(limiterKeys).toContain('{stockwire:rl:cl%3Ahooks}:token-bucket:pushQuantities');
    } finally {
      for (const master of masters) master.disconnect();
    }
    await first.close();

    // The fix (hooks becomes an authority), a new runner, and `stockwire replay` against the cluster URL.
    const fixed = StockwireConfigurationSchema.parse({
      ...world.configuration,
      authority: [{ connections: ['wms', 'hooks'], states: '*' }],
    });
    const second = await startInProcessRunner({ ...world, configuration: fixed }, clusterUrl, {
      environment,
      options: { keyPrefix: 'cl' },
    });
    runners.push(second);
    const previousPrefix = process.env.STOCKWIRE_KEY_PREFIX;
    process.env.STOCKWIRE_KEY_PREFIX = 'cl';
    const replaying = capturedIo(world.root);
    try {
      expect(await runReplay({ id: letter?.id, limit: '20', redisUrl: clusterUrl }, replaying)).toBe(0);
    } finally {
      if (previousPrefix === undefined) delete process.env.STOCKWIRE_KEY_PREFIX;
      else process.env.STOCKWIRE_KEY_PREFIX = previousPrefix;
    }
    expect(replaying.stdoutText()).toContain(`Replayed 1 of 1:\n  ${letter?.id}: re-enqueued on apply (apply)`);
    await waitUntil('web to show the replayed adjustment', async () =>
      (await publishedOnWeb(world))['SKU-C'] === 6 ? true : undefined,
    );
    expect(await second.deadLetters.count()).toBe(0);
    expect(await second.engine.quantities('SKU-C', 'wh-1')).toMatchObject({ onHand: 6 });
    expect((await second.readiness()).ready).toBe(true);
  }, 90_000);
});
