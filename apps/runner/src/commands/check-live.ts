import { createConnectionMapping } from '@stockwire/connector-kit';
import type { ConnectionCheckStepV2, ConnectorV2 } from '@stockwire/connector-spec';
import { buildCatalog, type StockwireConfiguration } from '@stockwire/model';
import { loadConnectorDefinition } from '../connectors/connector-registry.ts';

/** One connection's live check, as `stockwire check --live` prints it. */
export interface LiveCheckRow {
  readonly connection: string;
  readonly connector: string;
  /** False when the connector has no check capability: reported, never counted as a failure. */
  readonly supported: boolean;
  readonly ok: boolean;
  readonly checks: readonly ConnectionCheckStepV2[];
}

export interface LiveCheckInput {
  readonly configuration: StockwireConfiguration;
  readonly environment: NodeJS.ProcessEnv;
  readonly baseDirectory: string;
}

/**
 * Builds each connection's connector exactly as the runner does (its package, its settings schema, its mapping,
 * secrets from the environment) and calls its check. No Redis: the check needs no shared limiter or state, so an
 * operator can run it before anything else is up. A connection that cannot be built is a failed `start` check.
 */
export async function checkConnectionsLive(input: LiveCheckInput): Promise<LiveCheckRow[]> {
  const catalog = buildCatalog(input.configuration);
  const rows: LiveCheckRow[] = [];
  for (const [name, connection] of Object.entries(input.configuration.connections)) {
    const base = { connection: name, connector: connection.connector };
    const created = await createConnector(name, connection, catalog, input);
    if ('failure' in created) {
      rows.push({ ...base, supported: true, ok: false, checks: [created.failure] });
      continue;
    }
    const connector = created.connector;
    try {
      if (connector.check === undefined) {
        rows.push({ ...base, supported: false, ok: true, checks: [] });
        continue;
      }
      const locations = Object.entries(connection.locations).map(([externalLocation, location]) => ({
        externalLocation,
        location,
      }));
      const result = await connector.check.check({ locations });
      rows.push({ ...base, supported: true, ok: result.ok, checks: result.checks });
    } catch (error) {
      // The contract says check() never throws for an expected failure; a throw is still shown, not a crash.
      const failure = error instanceof Error ? error : new Error(String(error));
      rows.push({
        ...base,
        supported: true,
        ok: false,
        checks: [{ name: 'check', ok: false, message: failure.message, errorName: failure.name }],
      });
    } finally {
      await connector.close?.();
    }
  }
  return rows;
}

async function createConnector(
  name: string,
  connection: StockwireConfiguration['connections'][string],
  catalog: ReturnType<typeof buildCatalog>,
  input: LiveCheckInput,
): Promise<{ connector: ConnectorV2 } | { failure: ConnectionCheckStepV2 }> {
  const failed = (message: string, errorName?: string) => ({
    failure: { name: 'start', ok: false, message, ...(errorName === undefined ? {} : { errorName }) },
  });
  const lookup = await loadConnectorDefinition(connection.connector, { baseDirectory: input.baseDirectory });
  if (!lookup.found) return failed(lookup.reason);
  const settings = lookup.definition.settingsSchema.safeParse(connection.settings);
  if (!settings.success) {
    const problems = settings.error.issues.map((issue) => `settings.${issue.path.join('.')}: ${issue.message}`);
    return failed(`${lookup.packageName} refuses its settings: ${problems.join('; ')}`);
  }
  try {
    const connector = lookup.definition.create(settings.data, {
      mapping: createConnectionMapping(catalog, name),
      environment: input.environment,
    });
    return { connector };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    return failed(failure.message, failure.name);
  }
}

/** The table: connection, connector, check, ok/FAILED, detail; one line per named check. */
export function renderLiveCheck(rows: readonly LiveCheckRow[]): string {
  const lines: string[][] = [['connection', 'connector', 'check', 'result', 'detail']];
  for (const row of rows) {
    if (!row.supported) {
      lines.push([row.connection, row.connector, '-', 'skipped', 'not supported by this connector']);
      continue;
    }
    for (const check of row.checks) {
      const detail = check.errorName === undefined ? check.message : `${check.errorName}: ${check.message}`;
      lines.push([row.connection, row.connector, check.name, check.ok ? 'ok' : 'FAILED', detail]);
    }
  }
  const widths = [0, 1, 2, 3].map((column) => Math.max(...lines.map((line) => (line[column] ?? '').length)));
  const text = lines.map((line) =>
    line.map((cell, column) => (column < 4 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  '),
  );
  const checked = rows.filter((row) => row.supported);
  const failed = checked.filter((row) => !row.ok).length;
  const unsupported = rows.length - checked.length;
  const summary =
    (failed === 0
      ? `All ${checked.length} checked connections passed.`
      : `${failed} of ${checked.length} checked connections failed a check.`) +
    (unsupported === 0 ? '' : ` ${unsupported} not supported.`);
  return `${text.join('\n')}\n${summary}\n`;
}
