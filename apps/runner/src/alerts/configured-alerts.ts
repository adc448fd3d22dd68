import type { AlertsConfiguration } from '@stockwire/model';
import { resolveSecret } from '../config/resolve-secret.ts';
import type { AlertOptionsInput } from '../jobs/alert-options.ts';

const alertSettingsErrorMarker = Symbol.for('stockwire.runner.alert-settings-error');

/** The alert webhook the configuration refers to cannot be used. Not retryable: someone has to fix the variable. */
export class AlertSettingsError extends Error {
  readonly [alertSettingsErrorMarker] = true;
  readonly code = 'invalid_alert_settings';
  readonly retryable = false;

  constructor(message: string) {
    super(message);
    this.name = 'AlertSettingsError';
  }

  static isInstance(value: unknown): value is AlertSettingsError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[alertSettingsErrorMarker] === true
    );
  }
}

/**
 * The alert settings in force: each field the process sets (a `STOCKWIRE_ALERT_*` variable or a runner option)
 * wins over the configuration file's `alerts:` section, which wins over the defaults. The webhook's variable is
 * read only when no override names a webhook, so an operator can point alerts elsewhere without that variable.
 */
export function configuredAlertOptions(
  configured: AlertsConfiguration | undefined,
  overrides: AlertOptionsInput | undefined,
  environment: Readonly<Record<string, string | undefined>>,
): AlertOptionsInput {
  const explicit = Object.fromEntries(
    Object.entries(overrides ?? {}).filter(([, value]) => value !== undefined),
  ) as AlertOptionsInput;
  if (configured === undefined) return explicit;
  return {
    ...(explicit.webhookUrl === undefined ? { webhookUrl: webhookUrlOf(configured, environment) } : {}),
    evaluateIntervalSeconds: configured.evaluateEverySeconds,
    openDrifts: configured.drift.count,
    openDriftMinimumAgeSeconds: configured.drift.minimumAgeSeconds,
    failedItems: configured.failedItems.count,
    failedItemsWindowSeconds: configured.failedItems.windowSeconds,
    errorRate: configured.errorRate.ratio,
    errorRateMinimumCalls: configured.errorRate.minimumCalls,
    errorRateWindowSeconds: configured.errorRate.windowSeconds,
    oversellRiskFactor: configured.oversellRisk.factor,
    oversellWindowSeconds: configured.oversellRisk.windowSeconds,
    ...explicit,
  };
}

function webhookUrlOf(configured: AlertsConfiguration, environment: Readonly<Record<string, string | undefined>>) {
  const variable = configured.webhook.env;
  const value = resolveSecret({ env: variable, settingPath: 'alerts.webhook' }, environment);
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  // The URL is the credential: say which variable is wrong, never what it holds.
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new AlertSettingsError(
      `alerts.webhook reads its URL from the environment variable ${variable}, which does not hold an http(s) URL; ` +
        `set ${variable} to the incoming webhook's URL (e.g. https://hooks.slack.com/services/…)`,
    );
  }
  return value;
}
