import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ConnectorDefinitionV2, isConnectorDefinitionV2 } from '@stockwire/connector-spec';

/** Short names for the connectors of this repository; any other name is taken as an npm package name. */
export const builtInConnectorPackages: Readonly<Record<string, string>> = {
  file: '@stockwire/connector-file',
  shopify: '@stockwire/connector-shopify',
  amazon: '@stockwire/connector-amazon',
  square: '@stockwire/connector-square',
  shipbob: '@stockwire/connector-shipbob',
  shiphero: '@stockwire/connector-shiphero',
  netsuite: '@stockwire/connector-netsuite',
  ebay: '@stockwire/connector-ebay',
  'edi-x12': '@stockwire/connector-edi-x12',
  vendure: '@stockwire/connector-vendure',
};

export type ConnectorLookup =
  | { readonly found: true; readonly packageName: string; readonly definition: ConnectorDefinitionV2<unknown> }
  | { readonly found: false; readonly packageName: string; readonly reason: string };

export interface ConnectorLookupOptions {
  /**
   * Where a connector given as a path (`./connectors/acme.js`, `/opt/acme/index.js`) is resolved from: the folder
   * of the configuration file, so a configuration and its private connector can move together.
   */
  readonly baseDirectory?: string | undefined;
}

export function connectorPackageName(connector: string): string {
  return builtInConnectorPackages[connector] ?? connector;
}

/** A connector written as a relative or absolute path rather than a package name. */
export function isConnectorPath(connector: string): boolean {
  return connector.startsWith('./') || connector.startsWith('../') || isAbsolute(connector);
}

/**
 * Loads a connector package (or module, by path) and finds its ConnectorV2 definition (the default export), so
 * installing a connector package is all it takes to use it. A package that is not installed is reported, not
 * thrown: `check` can still validate everything else.
 */
export async function loadConnectorDefinition(
  connector: string,
  options: ConnectorLookupOptions = {},
): Promise<ConnectorLookup> {
  const packageName = connectorPackageName(connector);
  const modulePath = isConnectorPath(connector)
    ? resolve(options.baseDirectory ?? process.cwd(), connector)
    : undefined;
  const specifier = modulePath === undefined ? packageName : pathToFileURL(modulePath).href;
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = String((error as Error).message);
    // Only the connector itself being absent is "not installed"; a connector whose own imports fail is a bug to show.
    if (code === 'ERR_MODULE_NOT_FOUND' && message.includes(modulePath ?? packageName)) {
      const what =
        modulePath === undefined ? `the package ${packageName} is not installed` : `${modulePath} does not exist`;
      return { found: false, packageName, reason: what };
    }
    throw error;
  }
  const definition = [loaded.default, ...Object.values(loaded)].find(isConnectorDefinitionV2);
  if (definition === undefined) {
    return {
      found: false,
      packageName,
      reason: `${packageName} exports no ConnectorV2 definition (specificationVersion "v1")`,
    };
  }
  return { found: true, packageName, definition };
}
