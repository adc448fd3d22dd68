import { randomUUID } from 'node:crypto';
import { adjustmentFileText } from '@stockwire/connector-file/sandbox';
import { AlertsConfigurationSchema, type StockwireConfiguration, StockwireConfigurationSchema } from '@stockwire/model';
import { hoursAgo, useRedisServer } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { MissingSecretError } from '../config/resolve-secret.ts';
import { AlertOptionsSchema } from '../jobs/alert-options.ts';
import type { Runner } from '../runtime/create-runner.ts';
import { runnerOptionsInputFromEnvironment } from '../runtime/runner-options.ts';
import { type AlertReceiver, startAlertReceiver } from '../test-support/alert-receiver.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld, type SyncWorld } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { AlertSettingsError, configuredAlertOptions } from './configured-alerts.ts';

const redis = useRedisServer();
let runner: Runner | undefined;
let receiver: AlertReceiver | undefined;
afterEach(async () => {
  await runner?.close();
  await receiver?.close();
  runner = undefined;
  receiver = undefined;
});

const webhookVariable = 'TEAM_ALERT_WEBHOOK';
/** The world with an `alerts:` section: failed items only, with a window short enough to clear in a test. */
async function worldWithAlerts(): Promise<SyncWorld> {
  const world = await createSyncWorld();
  const configuration: StockwireConfiguration = StockwireConfigurationSchema.parse({
    ...world.configuration,
    alerts: {
      webhook: { env: webhookVariable },
      evaluateEverySeconds: 1,
      drift: { count: 0 },
      failedItems: { count: 1, windowSeconds: 5 },
      errorRate: { ratio: 0 },
      oversellRisk: { factor: 0 },
    },
  });
  return { ...world, configuration };
}
const start = (world: SyncWorld, environment: NodeJS.ProcessEnv, options = {}, startWorkers = true) =>
  startInProcessRunner(world, redis.url, {
    environment,
    options: { keyPrefix: `configured-alerts-${randomUUID()}`, ...options },
    start: startWorkers,
  });

describe('the configuration file’s alerts section', () => {
  it('posts to the webhook its variable names, at the thresholds the file sets', async () => {
    receiver = await startAlertReceiver();
    const world = await worldWithAlerts();
    runner = await start(world, { [webhookVariable]: receiver.url });
    expect(runner.options.alerts).toMatchObject({ webhookUrl: receiver.url, failedItems: 1, openDrifts: 0 });

    await world.wms.dropInboxFile(
      'adjust-0001.csv',
      adjustmentFileText([
        {
          id: 'x1',
          sku: 'NOT-IN-CATALOG',
          location: 'WH1',
          change: 1,
          reason: 'found',
          occurred_at: hoursAgo(3),
        },
      ]),
    );
    const [alert] = await waitUntil('an alert to arrive', () => {
      const accepted = receiver?.accepted() ?? [];
      return accepted.length > 0 ? accepted : undefined;
    });
    expect(alert?.text).toMatch(/1 failed items in the last 5 s \(alert at 1\)$/);
  }, 30_000);

  it('lets STOCKWIRE_ALERT_* variables override it field by field', async () => {
    const world = await worldWithAlerts();
    const elsewhere = 'https://hooks.example.test/services/T1/B1/other';
    runner = await start(
      world,
      {},
      runnerOptionsInputFromEnvironment({ STOCKWIRE_ALERT_WEBHOOK_URL: elsewhere, STOCKWIRE_ALERT_FAILED_ITEMS: '3' }),
      false,
    );
    // The variables win where they are set (and the file's webhook variable, unset here, is not even read) …
    expect(runner.options.alerts).toMatchObject({ webhookUrl: elsewhere, failedItems: 3 });
    // … the file wins over the defaults everywhere else.
    expect(runner.options.alerts).toMatchObject({
      failedItemsWindowSeconds: 5,
      openDrifts: 0,
      evaluateIntervalSeconds: 1,
    });
  });

  it('refuses to start without the webhook variable, or with one that holds no URL, never printing it', async () => {
    const world = await worldWithAlerts();
    const missing = start(world, {}, {}, false);
    await expect(missing).rejects.toSatisfy(MissingSecretError.isInstance);
    await expect(missing).rejects.toThrow(
      `alerts.webhook reads its value from the environment variable ${webhookVariable}`,
    );

    const wrong = start(world, { [webhookVariable]: 'hooks.slack.com/services/T0/B0/s3cr3t' }, {}, false);
    await expect(wrong).rejects.toSatisfy(AlertSettingsError.isInstance);
    await expect(wrong).rejects.toThrow(new RegExp(`${webhookVariable}, which does not hold an http\\(s\\) URL`));
    await expect(wrong).rejects.not.toThrow(/s3cr3t/);
  });

  it('has the same defaults as the runner’s own alert options', () => {
    const url = 'https://hooks.example.test/services/T0/B0/x';
    const fromFile = configuredAlertOptions(
      AlertsConfigurationSchema.parse({ webhook: { env: webhookVariable } }),
      {},
      { [webhookVariable]: url },
    );
    expect(AlertOptionsSchema.parse(fromFile)).toEqual(AlertOptionsSchema.parse({ webhookUrl: url }));
    expect(configuredAlertOptions(undefined, { errorRate: 0.5, failedItems: undefined }, {})).toEqual({
      errorRate: 0.5,
    });
  });
});
