import { buildCatalog } from '@stockwire/model';
import { describe, expect, it } from 'vitest';
import { examples, positionOf, readExample, repositoryRoot } from '../examples.test-helpers.ts';
import { InputFileError } from '../files/input-file-error.ts';
import { ConfigurationError } from './configuration-error.ts';
import { loadConfiguration, parseConfiguration } from './load-configuration.ts';

async function issuesOf(load: () => unknown) {
  try {
    await load();
  } catch (error) {
    if (ConfigurationError.isInstance(error)) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

const minimal = `version: 1
locations:
  - { id: wh, kind: warehouse }
skus:
  - id: SKU-1
connections:
  erp:
    connector: file
authority:
  - { connections: [erp], states: '*' }
`;

describe('loadConfiguration', () => {
  it('loads the example configuration with its catalog, channels and secret references', async () => {
    const loaded = await loadConfiguration(examples.configuration, { cwd: repositoryRoot });

    expect(loaded.configuration.locations.map((location) => location.id)).toEqual([
      'wh-east',
      'wh-west',
      '3pl-central',
      'fba-us',
      'store-soho',
    ]);
    expect(loaded.configuration.skus).toHaveLength(13);
    expect(loaded.configuration.channels.map((channel) => channel.id)).toEqual([
      'web',
      'amazon-fbm',
      'amazon-fba',
      'wholesale',
    ]);
    const catalog = buildCatalog(loaded.configuration);
    expect(catalog.resolveSku('erp', '1042')).toBe('TEE-BLK-M');
    expect(catalog.resolveSku('amazon', 'NW-TEE-BLK-M-FBA')).toBe('TEE-BLK-M');
    expect(catalog.resolveLocation('shopify', '71234567003')).toBe('store-soho');
    expect(loaded.secretReferences).toContainEqual({
      env: 'SHOPIFY_ACCESS_TOKEN',
      settingPath: 'connections.shopify.settings.accessToken',
      connection: 'shopify',
    });
    // References stay references: nothing was read from the environment.
    expect(loaded.configuration.connections.shopify?.settings.accessToken).toEqual({ env: 'SHOPIFY_ACCESS_TOKEN' });
  });

  /** broken.yaml lists the socks on two consecutive lines; the SKU of the second is the one reported. */
  function secondSocksLine(text: string) {
    const first = positionOf(text, '- { sku: SOCKS-GRY, quantity: 1 }\n        - { sku: SOCKS-GRY, quantity: 1 }');
    return { line: first.line + 1, column: first.column + '- { sku: '.length };
  }

  it('reports all four mistakes of broken.yaml with file, line, column and path', async () => {
    const text = readExample(examples.broken);
    const issues = await issuesOf(() => loadConfiguration(examples.broken, { cwd: repositoryRoot }));

    expect(issues).toEqual([
      {
        file: examples.broken,
        ...positionOf(text, 'shpat_not-a-real-token-0000'),
        path: 'connections.shopify.settings.accessToken',
        message: expect.stringContaining('looks like a secret'),
      },
      {
        file: examples.broken,
        ...positionOf(text, 'CANDLE-CEDR,'),
        path: 'skus[12].kit.components[1].sku',
        message: 'unknown SKU "CANDLE-CEDR"',
      },
      {
        file: examples.broken,
        // The repeated line (the second of the two), at its SKU.
        ...secondSocksLine(text),
        path: 'skus[12].kit.components[3].sku',
        message: expect.stringContaining('"SOCKS-GRY" is listed more than once in this kit'),
      },
      {
        file: examples.broken,
        ...positionOf(text, '-2\n'),
        path: 'channels[0].policy.buffer',
        message: 'must not be negative',
      },
    ]);
  });

  it('names the path it looked for when the file does not exist', async () => {
    const error = await loadConfiguration('missing/stockwire.yaml', { cwd: '/nowhere' }).catch((caught) => caught);

    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(InputFileError.isInstance(error)).toBe(true);
    expect(error.message).toContain('missing/stockwire.yaml');
    expect(error.message).toContain('file not found (looked for /nowhere/missing/stockwire.yaml)');
  });

  it('reports YAML syntax errors with their line and column: an unclosed [ on its own line, not the next', async () => {
    const issues = await issuesOf(() => parseConfiguration('version: 1\nlocations: [a, b\nskus: []\n', 'bad.yaml'));

    expect(issues[0]).toMatchObject({ file: 'bad.yaml', line: 2, column: 17, path: '' });
    expect(issues[0]?.message).toMatch(/^YAML syntax: /);
  });

  it('points an unknown field at its key', async () => {
    const text = minimal.replace('  - id: SKU-1\n', '  - id: SKU-1\n    colour: red\n');
    const issues = await issuesOf(() => parseConfiguration(text, 'c.yaml'));

    expect(issues).toEqual([
      { file: 'c.yaml', ...positionOf(text, 'colour'), path: 'skus[0].colour', message: 'unknown field "colour"' },
    ]);
  });

  it('points an unknown field of a JSON configuration at its key, as in YAML', async () => {
    const configuration = parseConfiguration(minimal, 'c.yaml').configuration;
    const text = JSON.stringify({ ...configuration, skus: [{ id: 'SKU-1', colour: 'red' }] }, null, 2);
    const issues = await issuesOf(() => parseConfiguration(text, 'c.json'));

    expect(issues).toEqual([
      { file: 'c.json', ...positionOf(text, '"colour"'), path: 'skus[0].colour', message: 'unknown field "colour"' },
    ]);
  });

  it('reads a JSON configuration to the configuration of the same YAML', () => {
    const fromYaml = parseConfiguration(minimal, 'c.yaml').configuration;

    expect(parseConfiguration(JSON.stringify(fromYaml), 'c.json').configuration).toEqual(fromYaml);
  });

  it('points a missing required field at the nearest parent that exists', async () => {
    const text = minimal.replace('    connector: file\n', '    name: ERP\n');
    const issues = await issuesOf(() => parseConfiguration(text, 'c.yaml'));

    expect(issues).toEqual([
      {
        file: 'c.yaml',
        ...positionOf(text, 'name: ERP'),
        path: 'connections.erp.connector',
        message: 'required, but missing (expected string)',
      },
    ]);
  });

  it('suggests quotes when YAML read an alias as a number', async () => {
    const text = minimal.replace('  - id: SKU-1\n', '  - id: SKU-1\n    aliases: [{ connection: erp, value: 1042 }]\n');
    const issues = await issuesOf(() => parseConfiguration(text, 'c.yaml'));

    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ ...positionOf(text, '1042'), path: 'skus[0].aliases[0].value' });
    expect(issues[0]?.message).toContain('write it in quotes ("1042")');
  });

  it('rejects a malformed secret reference before any connector sees it', async () => {
    const text = minimal.replace(
      '    connector: file\n',
      '    connector: file\n    settings: { password: { env: erp-password } }\n',
    );
    const issues = await issuesOf(() => parseConfiguration(text, 'c.yaml'));

    expect(issues).toEqual([
      {
        file: 'c.yaml',
        ...positionOf(text, 'erp-password'),
        path: 'connections.erp.settings.password.env',
        message: 'an environment variable name in capitals, e.g. SHOPIFY_ACCESS_TOKEN',
      },
    ]);
  });

  it('says that an empty file is empty', async () => {
    const issues = await issuesOf(() => parseConfiguration('', 'empty.yaml'));

    expect(issues).toEqual([
      { file: 'empty.yaml', line: 1, column: 1, path: '', message: 'the file is empty (expected a mapping of fields)' },
    ]);
  });
});

describe('the configuration a runner holds (#14)', () => {
  const catalog = `${minimal.replace('  - id: SKU-1\n', '  - id: SKU-1\n  - id: SKU-2\n  - id: SKU-3\n    aliases: [{ connection: erp, value: E-3 }]\n')}`;

  it('shares one frozen empty list among the SKUs without aliases or units, and keeps every SKU as written', () => {
    const { configuration } = parseConfiguration(catalog, 'stockwire.yaml');
    const [first, second, third] = configuration.skus;
    if (first === undefined || second === undefined || third === undefined) throw new Error('three SKUs expected');
    expect(first.aliases).toBe(second.aliases);
    expect(first.units).toBe(third.units);
    expect(Object.isFrozen(first.aliases)).toBe(true);
    expect(() => (first.aliases as unknown[]).push({ connection: 'erp', value: 'X' })).toThrow(TypeError);
    expect(second.aliases).toEqual([]);
    expect(third.aliases).toEqual([{ connection: 'erp', value: 'E-3' }]);
    expect(buildCatalog(configuration).resolveSku('erp', 'E-3')).toBe('SKU-3');
    expect(buildCatalog(configuration).resolveSku('erp', 'SKU-1')).toBe('SKU-1');
  });
});
