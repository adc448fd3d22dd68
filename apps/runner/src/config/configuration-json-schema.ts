import { StockwireConfigurationSchema } from '@stockwire/model';
import { z } from 'zod';
import { builtInConnectorPackages, loadConnectorDefinition } from '../connectors/connector-registry.ts';

type JsonSchema = Record<string, unknown>;

/** Where editors find the schema: `# yaml-language-server: $schema=…` at the top of a configuration file. */
export const configurationSchemaId = 'https://github.com/stockwire/stockwire/raw/main/schemas/stockwire.schema.json';

/** `input`: what a person writes (defaults optional), not what the runner holds once parsed. */
const toJsonSchema = (schema: z.ZodType): JsonSchema =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

function isZodSchema(schema: unknown): schema is z.ZodType {
  return typeof schema === 'object' && schema !== null && '_zod' in schema;
}

/**
 * The JSON Schema of a configuration file, generated from the same zod schemas `stockwire check` applies: the
 * model's configuration and, for each connector of this repository, its settings (chosen by the connection's
 * `connector`), so an editor completes and checks `settings` too. A connector whose settings schema is not zod
 * (a third-party one may bring any schema) keeps `settings` open, as the model does.
 */
export async function configurationJsonSchema(): Promise<JsonSchema> {
  const { $schema, ...configuration } = toJsonSchema(StockwireConfigurationSchema);
  const connectionSchema = (configuration.properties as JsonSchema | undefined)?.connections as JsonSchema | undefined;
  const connection = connectionSchema?.additionalProperties as JsonSchema | undefined;
  if (connection === undefined) throw new Error('the configuration schema has no connections map to extend');
  const bySettings: JsonSchema[] = [];
  for (const connector of Object.keys(builtInConnectorPackages).sort()) {
    const lookup = await loadConnectorDefinition(connector);
    if (!lookup.found || !isZodSchema(lookup.definition.settingsSchema)) continue;
    const { $schema: _ignored, ...settings } = toJsonSchema(lookup.definition.settingsSchema);
    if ('$defs' in settings) throw new Error(`the settings schema of ${connector} has $defs; inline them first`);
    bySettings.push({
      if: { properties: { connector: { const: connector } }, required: ['connector'] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, data for an editor, never awaited.
      then: { properties: { settings: { description: `Settings of the ${connector} connector`, ...settings } } },
    });
  }
  connection.allOf = bySettings;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: configurationSchemaId,
    title: 'Stockwire configuration',
    description: 'stockwire.yaml: locations, connections, SKUs, authority and channels (docs/configuration.md).',
    ...configuration,
  };
}
