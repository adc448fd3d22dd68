import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { adjustmentFileText, snapshotFileText } from '@stockwire/connector-file/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { Runner } from '../runtime/create-runner.ts';
import type { RunnerOptionsInput } from '../runtime/runner-options.ts';
import { type AlertReceiver, startAlertReceiver } from '../test-support/alert-receiver.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld, publishedOnWeb, type SyncWorld, withShopSnapshots } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';

const redis = useRedisServer();
let runner: Runner | undefined;
let receiver: AlertReceiver | undefined;
afterEach(async () => {
  await runner?.close();
  await receiver?.close();
  runner = undefined;
  receiver = undefined;
});

/** Every threshold off; each test turns on the one it is about, with windows short enough to clear in a test. */
const quiet = { openDrifts: 0, failedItems: 0, errorRate: 0, oversellRiskFactor: 0, evaluateIntervalSeconds: 1 };
const alertingRunner = async (
  alerts: NonNullable<RunnerOptionsInput['alerts']>,
  adjust: (world: SyncWorld) => SyncWorld = (world) => world,
) => {
  const world = adjust(withShopSnapshots(await createSyncWorld()));
  receiver ??= await startAlertReceiver();
  runner = await startInProcessRunner(world, redis.url, {
    options: { keyPrefix: `alerts-${randomUUID()}`, alerts: { ...quiet, webhookUrl: receiver.url, ...alerts } },
  });
  return { world, runner, receiver };
};
const texts = (receiver: AlertReceiver) => receiver.accepted().map((alert) => alert.text);
const waitForText = (receiver: AlertReceiver, pattern: RegExp) =>
  waitUntil(
    `an alert matching ${pattern}`,
    () => (texts(receiver).some((text) => pattern.test(text)) ? true : undefined),
    {
      describeLast: () => JSON.stringify(receiver.received()),
    },
  );
const row = (id: string, sku: string, change: number) => ({
  id,
  sku,
  location: 'WH1',
  change,
  reason: 'found' as const,
  // Relative to the test's clock: a change older than the engine's settle horizon (15 days) is refused.
  occurred_at: new Date(Date.now() - 60_000).toISOString(),
});

describe('alerts', () => {
  it('posts failed items once, survives a failing webhook, and says when they cleared', async () => {
    receiver = await startAlertReceiver({ failFirst: 1 });
    const { world, runner } = await alertingRunner({ failedItems: 1, failedItemsWindowSeconds: 5 });
    await world.wms.dropInboxFile('adjust-0001.csv', adjustmentFileText([row('x1', 'NOT-IN-CATALOG', 1)]));

    await waitForText(receiver, /resolved: 1 failed items in the last 5 s/);
    // The first post was refused (500): counted, logged, and tried again; then one alert and one resolution.
    expect(receiver.received()[0]).toMatchObject({ status: 500 });
    expect(texts(receiver)).toEqual([
      expect.stringMatching(
        /^:rotating_light: Stockwire \(alerts-.*\): 1 failed items in the last 5 s \(alert at 1\)$/,
      ),
      expect.stringMatching(/resolved: 1 failed items/),
    ]);
    expect(receiver.accepted()[0]?.blocks).toContainEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'alert `failed-items` (failed-items)' }],
    });
    const metrics = await runner.metrics.registry.metrics();
    expect(metrics).toMatch(/stockwire_alert_webhook_failures_total\{kind="failed-items",state="firing"\} 1/);
    expect(metrics).toMatch(/stockwire_alerts_sent_total\{kind="failed-items",state="firing"\} 1/);
    expect(metrics).toMatch(/stockwire_alerts_sent_total\{kind="failed-items",state="resolved"\} 1/);
    expect((await runner.readiness()).ready).toBe(true);
  }, 30_000);

  it('alerts while drift is open and resolves once the channel agrees again', async () => {
    // A drift counts once it has been open a second: the one a push heals at once pages nobody.
    const { world, runner, receiver } = await alertingRunner({ openDrifts: 1, openDriftMinimumAgeSeconds: 1 });
    await world.wms.dropInboxFile('adjust-0001.csv', adjustmentFileText([row('a1', 'W-A', 10)]));
    await waitUntil('web to show SKU-A 10', async () =>
      (await publishedOnWeb(world))['SKU-A'] === 10 ? true : undefined,
    );

    // Someone set the web store to 7 by hand, after our push: the store observed it now (an observation older than
    // the push would be stale and change nothing).
    const shows = (name: string, available: number) =>
      world.shop.dropInboxFile(
        name,
        snapshotFileText([
          { sku: 'SKU-A', location: 'WEB', on_hand: available, available, observed_at: new Date().toISOString() },
        ]),
      );
    await shows('snapshot-0001.csv', 7);
    expect((await runner.reconcile('shop')).drifts).toMatchObject([{ sku: 'SKU-A', cause: 'changed-on-remote' }]);
    await waitForText(receiver, /1 open drifts for 1 s or more \(alert at 1\)/);
    expect(receiver.accepted()[0]?.blocks).toContainEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: expect.stringMatching(/SKU-A on web \(available\): expected 10, actual 7, changed-on-remote/),
      },
    });

    // The runner pushed 10 again; the next snapshot shows it, and the drift closes.
    await shows('snapshot-0002.csv', 10);
    expect((await runner.reconcile('shop')).drifts).toEqual([]);
    await waitForText(receiver, /resolved: 1 open drifts/);
    expect(texts(receiver)).toHaveLength(2);
  }, 30_000);

  it('alerts on a connection whose calls keep failing, and resolves once they succeed again', async () => {
    const { world, receiver } = await alertingRunner({
      errorRate: 0.5,
      errorRateMinimumCalls: 2,
      errorRateWindowSeconds: 4,
    });
    // The WMS folder disappears (an unmounted share): every poll fails until it is back.
    await rm(world.wms.root, { recursive: true, force: true });
    await waitForText(receiver, /connection wms: \d+ of \d+ calls failed in the last 4 s/);
    await world.wms.layOut();
    await waitForText(receiver, /resolved: connection wms/);
    expect(texts(receiver).filter((text) => /^:rotating_light:.*connection wms/.test(text))).toHaveLength(1);
  }, 30_000);

  it('warns of an oversell risk when a SKU sells faster than its channel hears of it', async () => {
    // A sale is stock taken by the connection of a channel that lists the SKU (the engine's one definition): the
    // shop's own order holds, which it is the authority of.
    const { world, runner, receiver } = await alertingRunner(
      { oversellRiskFactor: 1_000_000, oversellWindowSeconds: 4 },
      (world) => ({
        ...world,
        configuration: StockwireConfigurationSchema.parse({
          ...world.configuration,
          authority: [
            { connections: ['shop'], states: ['committed'] },
            { connections: ['wms'], states: '*' },
          ],
        }),
      }),
    );
    await world.wms.dropInboxFile('adjust-0001.csv', adjustmentFileText([row('a1', 'W-A', 5)]));
    await waitUntil('web to show SKU-A 5', async () =>
      (await publishedOnWeb(world))['SKU-A'] === 5 ? true : undefined,
    );

    await runner.enqueue({
      queue: 'apply',
      name: 'apply',
      data: {
        connection: 'shop',
        origin: 'webhook',
        receivedAt: Date.now(),
        events: [
          {
            kind: 'reservation-created',
            idempotencyKey: 'shop/order-1/line-1',
            source: 'shop',
            occurredAt: new Date().toISOString(),
            sku: 'SKU-A',
            location: 'wh-1',
            orderReference: 'order-1',
            lineReference: 'line-1',
            quantity: 2,
          },
        ],
      },
    });
    await waitForText(receiver, /SKU-A on web can oversell: 2 sold in the last 4 s/);
    await waitForText(receiver, /resolved: SKU-A on web can oversell/);
    expect(texts(receiver).filter((text) => text.includes('can oversell'))).toHaveLength(2);
  }, 30_000);
});
