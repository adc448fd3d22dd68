import type { StockwireConfiguration } from '@stockwire/model';
import { type LoadedConfiguration, loadConfigurationText } from '../config/load-configuration.ts';

export interface UploadedConfiguration {
  readonly configuration: StockwireConfiguration;
  /** Connections whose settings were not checked, with why (see `readUploadedConfiguration`). */
  readonly uncheckedConnections: LoadedConfiguration['uncheckedConnections'];
}

/**
 * An uploaded configuration, through the loader `stockwire run` and `stockwire diff` use (schema, cross-references,
 * each connector's own settings schema); throws its ConfigurationError. Checking settings loads the connector's
 * code, so it is done only when every connector the upload names is one this runner already runs: an upload must
 * never make the runner import a module it did not choose at start-up (a path to any file on its disk). A new
 * connector's connections are listed as unchecked instead; the numbers do not depend on them.
 */
export async function readUploadedConfiguration(
  text: string,
  name: string,
  input: { readonly running: StockwireConfiguration; readonly directory: string },
): Promise<UploadedConfiguration> {
  const schemaOnly = await loadConfigurationText(text, name, {
    directory: input.directory,
    checkConnectorSettings: false,
  });
  const running = new Set(Object.values(input.running.connections).map((connection) => connection.connector));
  const unknown = Object.entries(schemaOnly.configuration.connections).filter(
    ([, connection]) => !running.has(connection.connector),
  );
  if (unknown.length > 0) {
    return {
      configuration: schemaOnly.configuration,
      uncheckedConnections: unknown.map(([connection, settings]) => ({
        connection,
        reason: `connector ${settings.connector} is not one this runner runs, and an upload never loads code; run stockwire check on the file to check its settings`,
      })),
    };
  }
  const loaded = await loadConfigurationText(text, name, { directory: input.directory });
  return { configuration: loaded.configuration, uncheckedConnections: loaded.uncheckedConnections };
}
