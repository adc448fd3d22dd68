import { describe, expect, it } from 'vitest';
import { runnerOptionsFromEnvironment } from './runner-options.ts';

describe('runnerOptionsFromEnvironment', () => {
  it('has production defaults and reads STOCKWIRE_* overrides', () => {
    expect(runnerOptionsFromEnvironment({})).toMatchObject({
      keyPrefix: 'stockwire',
      jobLockMs: 30_000,
      pushDebounceMs: 250,
      webhookGroupWaitMs: 5,
      webhookGroupMaximumDeliveries: 100,
    });
    expect(
      runnerOptionsFromEnvironment({ STOCKWIRE_KEY_PREFIX: 'shop-eu', STOCKWIRE_JOB_LOCK_MS: '5000' }),
    ).toMatchObject({ keyPrefix: 'shop-eu', jobLockMs: 5_000 });
    expect(
      runnerOptionsFromEnvironment({
        STOCKWIRE_WEBHOOK_GROUP_WAIT_MS: '20',
        STOCKWIRE_WEBHOOK_GROUP_MAX_DELIVERIES: '1',
      }),
    ).toMatchObject({ webhookGroupWaitMs: 20, webhookGroupMaximumDeliveries: 1 });
    expect(() => runnerOptionsFromEnvironment({ STOCKWIRE_WEBHOOK_GROUP_MAX_DELIVERIES: '0' })).toThrow(
      /STOCKWIRE_WEBHOOK_GROUP_MAX_DELIVERIES="0": /,
    );
  });

  it('names the variable whose value it cannot use', () => {
    expect(() => runnerOptionsFromEnvironment({ STOCKWIRE_JOB_LOCK_MS: 'soon' })).toThrow(
      /invalid runner settings in the environment: STOCKWIRE_JOB_LOCK_MS="soon": /,
    );
  });

  it('reads shadow mode and the alert webhook with its thresholds, with defaults for the rest', () => {
    const options = runnerOptionsFromEnvironment({
      STOCKWIRE_SHADOW: 'true',
      STOCKWIRE_ALERT_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/secret',
      STOCKWIRE_ALERT_ERROR_RATE: '0.5',
      STOCKWIRE_ALERT_OPEN_DRIFTS: '10',
    });
    expect(options.shadow).toBe(true);
    expect(options.alerts).toEqual({
      webhookUrl: 'https://hooks.slack.com/services/T0/B0/secret',
      evaluateIntervalSeconds: 60,
      webhookTimeoutMs: 5_000,
      openDrifts: 10,
      openDriftMinimumAgeSeconds: 0,
      failedItems: 1,
      failedItemsWindowSeconds: 3_600,
      errorRate: 0.5,
      errorRateMinimumCalls: 20,
      errorRateWindowSeconds: 300,
      oversellRiskFactor: 1,
      oversellWindowSeconds: 900,
    });
    expect(runnerOptionsFromEnvironment({}).shadow).toBe(false);
    expect(runnerOptionsFromEnvironment({}).alerts.webhookUrl).toBeUndefined();
  });

  it('names the alert or shadow variable whose value it cannot use', () => {
    expect(() => runnerOptionsFromEnvironment({ STOCKWIRE_ALERT_ERROR_RATE: '150%' })).toThrow(
      /STOCKWIRE_ALERT_ERROR_RATE="150%": /,
    );
    expect(() => runnerOptionsFromEnvironment({ STOCKWIRE_ALERT_WEBHOOK_URL: 'hooks.example/T0/secret' })).toThrow(
      /STOCKWIRE_ALERT_WEBHOOK_URL=\(not shown\): /,
    );
    expect(() => runnerOptionsFromEnvironment({ STOCKWIRE_SHADOW: 'maybe' })).toThrow(/STOCKWIRE_SHADOW="maybe": /);
  });
});
