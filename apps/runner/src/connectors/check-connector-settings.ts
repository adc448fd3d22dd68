import type { StockwireConfiguration } from '@stockwire/model';
import { locateZodIssues } from '../yaml/locate-zod-issues.ts';
import type { LocatedIssue } from '../yaml/located-issue.ts';
import type { YamlSource } from '../yaml/yaml-source.ts';
import { loadConnectorDefinition } from './connector-registry.ts';

export interface ConnectorSettingsReport {
  readonly issues: readonly LocatedIssue[];
  /** Connections whose connector package could not be loaded, with why: their settings were not checked. */
  readonly unchecked: ReadonlyArray<{ connection: string; reason: string }>;
}

/** Validates every connection's settings with its own connector's strict schema. Reads no secrets. */
export async function checkConnectorSettings(
  source: YamlSource,
  configuration: StockwireConfiguration,
  baseDirectory?: string,
): Promise<ConnectorSettingsReport> {
  const issues: LocatedIssue[] = [];
  const unchecked: Array<{ connection: string; reason: string }> = [];
  for (const [connection, settings] of Object.entries(configuration.connections)) {
    const lookup = await loadConnectorDefinition(settings.connector, { baseDirectory });
    if (!lookup.found) {
      unchecked.push({ connection, reason: lookup.reason });
      continue;
    }
    const result = lookup.definition.settingsSchema.safeParse(settings.settings);
    if (!result.success) {
      // Every settings schema a connector ships is zod in practice; the spec only promises path and message, which
      // is all the locator needs for issues that are not zod's own `unrecognized_keys`.
      const settingsIssues = result.error.issues as Parameters<typeof locateZodIssues>[1];
      issues.push(...locateZodIssues(source, settingsIssues, ['connections', connection, 'settings']));
    }
  }
  return { issues, unchecked };
}
