import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NetSuiteConnectorSettingsSchema } from './netsuite-settings.ts';

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
}

/** A secret reference (`{ env: NAME }`) is one setting, documented as such, not a nested object of settings. */
const isSecretReference = (schema: JsonSchema) => Object.keys(schema.properties ?? {}).join() === 'env';

/** Every setting path of the schema (objects and leaves, both authentication kinds) with its default. */
function settingPaths(schema: JsonSchema, prefix = ''): Map<string, unknown> {
  const paths = new Map<string, unknown>();
  if (isSecretReference(schema)) return paths;
  for (const variant of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    for (const [path, value] of settingPaths(variant, prefix)) if (!paths.has(path)) paths.set(path, value);
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${name}`;
    if (!paths.has(path) || paths.get(path) === undefined) paths.set(path, property.default);
    for (const [inner, value] of settingPaths(property, `${path}.`)) if (!paths.has(inner)) paths.set(inner, value);
  }
  return paths;
}

/** The README's settings table: setting path → default cell. */
function readmeSettings(): Map<string, string> {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Settings'),
    readme.indexOf('\n## ', readme.indexOf('## Settings') + 1),
  );
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = /^\| `([^`]+)` +\| ([^|]+?) +\|/.exec(line);
    if (cells?.[1] !== undefined) rows.set(cells[1], cells[2] ?? '');
  }
  return rows;
}

describe('the README settings table', () => {
  const schema = settingPaths(z.toJSONSchema(NetSuiteConnectorSettingsSchema, { io: 'input' }) as JsonSchema);
  const table = readmeSettings();

  it('has one row per setting of the schema, and none the schema lacks', () => {
    expect(schema.size).toBeGreaterThan(20);
    expect([...table.keys()].sort()).toEqual([...schema.keys()].sort());
  });

  it("states each number and text default as the schema's", () => {
    expect(schema.get('changesPageSize')).toBe(500);
    for (const [path, value] of schema) {
      if (typeof value === 'number' || typeof value === 'string')
        expect(table.get(path), path).toContain(String(value));
    }
  });
});
