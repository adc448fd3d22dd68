import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../config/configuration-error.ts';
import { loadConfiguration, parseConfiguration } from '../config/load-configuration.ts';
import { examples, readExample, repositoryRoot } from '../examples.test-helpers.ts';
import { loadConnectorDefinition } from './connector-registry.ts';

describe('connection settings are checked with the connector’s own schema', () => {
  it('loads the file connector’s definition by its short name', async () => {
    const lookup = await loadConnectorDefinition('file');
    expect(lookup.found).toBe(true);
    expect(lookup.packageName).toBe('@stockwire/connector-file');
  });

  it('reports a connector package that is not installed instead of failing', async () => {
    const lookup = await loadConnectorDefinition('@acme/stockwire-connector-nowhere');
    expect(lookup).toEqual({
      found: false,
      packageName: '@acme/stockwire-connector-nowhere',
      reason: 'the package @acme/stockwire-connector-nowhere is not installed',
    });
  });

  it('checks every connection of the example with its installed connector', async () => {
    const loaded = await loadConfiguration(examples.configuration, { cwd: repositoryRoot });
    expect(loaded.uncheckedConnections).toEqual([]);
  });

  it('accepts a connection whose connector is not installed and lists it as unchecked', async () => {
    const text = readExample(examples.configuration).replace(
      '    connector: amazon\n',
      '    connector: "@acme/stockwire-connector-nowhere"\n',
    );
    const folder = await mkdtemp(join(tmpdir(), 'stockwire-unchecked-'));
    const file = join(folder, 'stockwire.yaml');
    await writeFile(file, text);
    const loaded = await loadConfiguration(file);
    expect(loaded.uncheckedConnections.map((entry) => entry.connection)).toEqual(['amazon']);
  });

  it('names the file, line and path of a setting the connector refuses', async () => {
    const text = readExample(examples.configuration).replace(
      '        path: /var/lib/stockwire/wms-east\n',
      '        path: /var/lib/stockwire/wms-east\n        format: jsonl\n',
    );
    expect(parseConfiguration(text, 'valid-for-the-model.yaml').configuration.connections['wms-east']).toBeDefined();
    const folder = await mkdtemp(join(tmpdir(), 'stockwire-settings-'));
    const file = join(folder, 'stockwire.yaml');
    await writeFile(file, text);
    const error = await loadConfiguration(file).catch((caught: unknown) => caught);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    const line = text.split('\n').indexOf('        format: jsonl') + 1;
    expect(String((error as Error).message)).toContain(
      `${file}:${line}:9  connections.wms-east.settings.transport.format  unknown field "format"`,
    );
  });
});
