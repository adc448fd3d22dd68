import type { ConnectorDefinitionV1 } from '@stockwire/connector-kit';

/** Short names for the connectors of this repository; any other name is taken as an npm package name. */
export const builtInConnectorPackages: Readonly<Record<string, string>> = {
  file: '@stockwire/connector-file',
  shopify: '@stockwire/connector-shopify',
  amazon: '@stockwire/connector-amazon',
};

export type ConnectorLookup =
  | { readonly found: true; readonly packageName: string; readonly definition: ConnectorDefinitionV1<unknown> }
  | { readonly found: false; readonly packageName: string; readonly reason: string };

export function connectorPackageName(connector: string): string {
  return builtInConnectorPackages[connector] ?? connector;
}

function isDefinition(value: unknown): value is ConnectorDefinitionV1<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ConnectorDefinitionV1<unknown>>;
  return (
    candidate.specificationVersion === 'v1' &&
    typeof candidate.create === 'function' &&
    typeof candidate.settingsSchema?.safeParse === 'function'
  );
}

/**
 * Loads a connector package and finds its ConnectorV1 definition (the default export), so installing a connector
 * package is all it takes to use it. A package that is not installed is reported, not thrown: `check` can still
 * validate everything else.
 */
export async function loadConnectorDefinition(connector: string): Promise<ConnectorLookup> {
  const packageName = connectorPackageName(connector);
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(packageName)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(packageName)) {
      return { found: false, packageName, reason: `the package ${packageName} is not installed` };
    }
    throw error;
  }
  const definition = [loaded.default, ...Object.values(loaded)].find(isDefinition);
  if (definition === undefined) {
    return {
      found: false,
      packageName,
      reason: `${packageName} exports no ConnectorV1 definition (specificationVersion "v1")`,
    };
  }
  return { found: true, packageName, definition };
}
