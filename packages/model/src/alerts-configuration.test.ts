import { describe, expect, it } from 'vitest';
import { type StockwireConfigurationInput, StockwireConfigurationSchema } from './configuration.ts';

const base: StockwireConfigurationInput = {
  version: 1,
  locations: [{ id: 'wh-1', kind: 'warehouse' }],
  skus: [{ id: 'FRAME' }],
  connections: { erp: { connector: 'file' } },
  authority: [{ connections: ['erp'], states: '*' }],
};

const issuesOf = (alerts: unknown) => {
  const result = StockwireConfigurationSchema.safeParse({ ...base, alerts });
  expect(result.success).toBe(false);
  return result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
};

describe('the alerts section', () => {
  it('is optional', () => {
    expect(StockwireConfigurationSchema.parse(base).alerts).toBeUndefined();
  });

  it('fills every threshold it does not set with the default', () => {
    const { alerts } = StockwireConfigurationSchema.parse({
      ...base,
      alerts: { webhook: { env: 'SLACK_ALERT_WEBHOOK' }, drift: { minimumAgeSeconds: 600 }, errorRate: { ratio: 0.5 } },
    });
    expect(alerts).toEqual({
      webhook: { env: 'SLACK_ALERT_WEBHOOK' },
      evaluateEverySeconds: 60,
      drift: { count: 1, minimumAgeSeconds: 600 },
      failedItems: { count: 1, windowSeconds: 3_600 },
      errorRate: { ratio: 0.5, minimumCalls: 20, windowSeconds: 300 },
      oversellRisk: { factor: 1, windowSeconds: 900 },
    });
  });

  it('takes the webhook only as a reference to an environment variable, never inline', () => {
    expect(issuesOf({ webhook: 'https://hooks.slack.com/services/T0/B0/secret' })).toEqual([
      'alerts.webhook: Invalid input: expected object, received string',
    ]);
    expect(issuesOf({ webhook: { env: 'slack' } })).toEqual([
      'alerts.webhook.env: an environment variable name in capitals, e.g. SHOPIFY_ACCESS_TOKEN',
    ]);
    expect(issuesOf({})).toEqual(['alerts.webhook: Invalid input: expected object, received undefined']);
  });

  it('is strict and refuses thresholds out of range', () => {
    expect(
      issuesOf({
        webhook: { env: 'SLACK_ALERT_WEBHOOK' },
        drfit: { count: 2 },
        errorRate: { ratio: 1.5 },
        oversellRisk: { factor: -1, window: 60 },
      }),
    ).toEqual([
      'alerts.errorRate.ratio: Too big: expected number to be <=1',
      'alerts.oversellRisk.factor: Too small: expected number to be >=0',
      'alerts.oversellRisk: Unrecognized key: "window"',
      'alerts: Unrecognized key: "drfit"',
    ]);
  });
});
