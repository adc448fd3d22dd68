import { dirname, resolve } from 'node:path';
import { type StockwireConfiguration, StockwireConfigurationSchema } from '@stockwire/model';
import { checkConnectorSettings } from '../connectors/check-connector-settings.ts';
import { readInputFile } from '../files/read-input-file.ts';
import { locateZodIssues } from '../yaml/locate-zod-issues.ts';
import { type LocatedIssue, sortLocatedIssues } from '../yaml/located-issue.ts';
import { readYamlValue } from '../yaml/read-yaml-value.ts';
import { deferredYamlSource } from '../yaml/yaml-source.ts';
import { ConfigurationError } from './configuration-error.ts';
import { findSecretReferences, type SecretSetting, secretReferenceShapeIssues } from './secret-references.ts';
import { shareEmptyLists } from './share-empty-lists.ts';

export interface LoadedConfiguration {
  /** The path as given, used in messages. */
  readonly file: string;
  /** The folder holding the file: connectors given as relative paths are resolved from here. */
  readonly directory: string;
  readonly configuration: StockwireConfiguration;
  /** Settings that name an environment variable; resolve them with `resolveSecret` when a connector starts. */
  readonly secretReferences: readonly SecretSetting[];
  /** Connections whose connector package could not be loaded, so their settings were not checked. */
  readonly uncheckedConnections: ReadonlyArray<{ connection: string; reason: string }>;
}

export interface LoadConfigurationOptions {
  /** Directory a relative `file` is read from; the process's working directory by default. */
  readonly cwd?: string;
  /** Also validate each connection's settings with its connector's own schema (loads the connector packages). */
  readonly checkConnectorSettings?: boolean;
}

/** Reads and validates a configuration file; throws ConfigurationError listing every problem. */
export async function loadConfiguration(
  file: string,
  options: LoadConfigurationOptions = {},
): Promise<LoadedConfiguration> {
  const read = await readInputFile(file, options.cwd);
  if (!read.ok) throw new ConfigurationError(file, [read.issue]);
  const directory = dirname(resolve(options.cwd ?? process.cwd(), file));
  return await loadConfigurationText(read.text, file, { ...options, directory });
}

/**
 * The checks of `loadConfiguration` on text already in hand (a configuration uploaded to the dashboard): the same
 * schema, cross-references and connector settings, so text this accepts is text `stockwire run` accepts. `file`
 * names it in issues; `directory` is where connectors given as relative paths are resolved from.
 */
export async function loadConfigurationText(
  text: string,
  file: string,
  options: { readonly directory: string; readonly checkConnectorSettings?: boolean },
): Promise<LoadedConfiguration> {
  const { directory } = options;
  const loaded = { ...parseConfiguration(text, file), directory };
  if (options.checkConnectorSettings === false) return loaded;
  // The text parsed once above; its positions are parsed again only if a connector's settings have an issue.
  const source = deferredYamlSource(text, file);
  const report = await checkConnectorSettings(source, loaded.configuration, directory);
  if (report.issues.length > 0) throw new ConfigurationError(file, sortLocatedIssues([...report.issues]));
  return { ...loaded, uncheckedConnections: report.unchecked };
}

/**
 * Validates configuration text; `file` is only used to name it in issues. Connectors given as relative paths are
 * resolved from the working directory.
 */
export function parseConfiguration(text: string, file: string): LoadedConfiguration {
  // A value without source positions: a catalog's YAML tokens and nodes cost far more than the configuration they
  // describe (2.5 KiB per SKU), so the positions are parsed only when there are issues to locate.
  const read = readYamlValue(text, file);
  if (!read.ok) throw new ConfigurationError(file, read.issues);

  const secretIssues = secretReferenceShapeIssues(read.value);
  const result = StockwireConfigurationSchema.safeParse(read.value);
  if (!result.success || secretIssues.length > 0) {
    const source = deferredYamlSource(text, file);
    const issues: LocatedIssue[] = [];
    for (const problem of secretIssues) issues.push(...locateZodIssues(source, problem.issues, problem.path));
    if (!result.success) issues.push(...locateZodIssues(source, result.error.issues));
    throw new ConfigurationError(file, sortLocatedIssues(issues));
  }

  return {
    file,
    directory: process.cwd(),
    configuration: shareEmptyLists(result.data),
    secretReferences: findSecretReferences(result.data),
    uncheckedConnections: [],
  };
}
