import type { StockwireConfiguration } from '@stockwire/model';
import type { SecretSetting } from './secret-references.ts';

/** What `stockwire check` reports about a valid configuration: enough to see that it says what was meant. */
export interface ConfigurationSummary {
  readonly locations: number;
  readonly locationsByKind: ReadonlyArray<readonly [kind: string, count: number]>;
  readonly offlineLocations: readonly string[];
  readonly skus: number;
  readonly kits: number;
  /** SKUs that some connection counts in packs (a case of 12) rather than units. */
  readonly casePacked: number;
  readonly discontinued: number;
  readonly connections: ReadonlyArray<{ readonly id: string; readonly connector: string }>;
  readonly channels: readonly string[];
  readonly authorityRules: number;
  /** Environment variables the connections (and the alert webhook) will read when they start. */
  readonly secretVariables: readonly string[];
  /** The `alerts:` section in one line, or undefined when the file has none. */
  readonly alerts: string | undefined;
}

export function summarizeConfiguration(
  configuration: StockwireConfiguration,
  secretReferences: readonly SecretSetting[],
): ConfigurationSummary {
  const kinds = new Map<string, number>();
  for (const location of configuration.locations) kinds.set(location.kind, (kinds.get(location.kind) ?? 0) + 1);
  return {
    locations: configuration.locations.length,
    locationsByKind: [...kinds],
    offlineLocations: configuration.locations
      .filter((location) => location.status === 'offline')
      .map((location) => location.id),
    skus: configuration.skus.length,
    kits: configuration.skus.filter((sku) => sku.kit !== undefined).length,
    casePacked: configuration.skus.filter((sku) => sku.units.some((unit) => unit.unitsPer > 1)).length,
    discontinued: configuration.skus.filter((sku) => sku.discontinued).length,
    connections: Object.entries(configuration.connections).map(([id, connection]) => ({
      id,
      connector: connection.connector,
    })),
    channels: configuration.channels.map((channel) => channel.id),
    authorityRules: configuration.authority.length,
    secretVariables: [...new Set(secretReferences.map((reference) => reference.env))],
    alerts: describeAlerts(configuration.alerts),
  };
}

function describeAlerts(alerts: StockwireConfiguration['alerts']): string | undefined {
  if (alerts === undefined) return undefined;
  const { drift, failedItems, errorRate, oversellRisk } = alerts;
  const off = 'off';
  const parts = [
    `drifts ${drift.count === 0 ? off : `≥ ${drift.count}${drift.minimumAgeSeconds > 0 ? ` open ≥ ${drift.minimumAgeSeconds} s` : ''}`}`,
    `failed items ${failedItems.count === 0 ? off : `≥ ${failedItems.count} in ${failedItems.windowSeconds} s`}`,
    `error rate ${errorRate.ratio === 0 ? off : `≥ ${Math.round(errorRate.ratio * 100)} % in ${errorRate.windowSeconds} s`}`,
    `oversell risk ${oversellRisk.factor === 0 ? off : `× ${oversellRisk.factor} over ${oversellRisk.windowSeconds} s`}`,
  ];
  return `to the webhook in ${alerts.webhook.env}, every ${alerts.evaluateEverySeconds} s: ${parts.join(', ')}`;
}
