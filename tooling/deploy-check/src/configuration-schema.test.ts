import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readRepositoryFile, readYamlDocuments, repositoryRoot, runCommand } from './repository-files.ts';

const cli = join(repositoryRoot, 'apps', 'runner', 'src', 'cli.ts');
const committedSchemaPath = 'schemas/stockwire.schema.json';

let printed = '';
let validate: ReturnType<Ajv2020['compile']>;
beforeAll(async () => {
  // Where the user meets it: the CLI's own output.
  const result = await runCommand(process.execPath, ['--conditions=@stockwire/source', cli, 'schema'], repositoryRoot);
  expect(result.code, result.output).toBe(0);
  printed = result.output;
  validate = new Ajv2020({ allErrors: true, strict: false, logger: false }).compile(JSON.parse(printed));
  // The CLI loads every built-in connector (their SDKs included) to read their settings schemas.
}, 120_000);

const shopifyConnection = (settings: Record<string, unknown>) => ({
  version: 1,
  locations: [{ id: 'wh-east', name: 'Newark', kind: 'warehouse' }],
  connections: { shopify: { connector: 'shopify', locations: { '1': 'wh-east' }, settings } },
  skus: [{ id: 'TEE', name: 'Tee' }],
  authority: [{ connections: ['shopify'], states: '*' }],
  channels: [{ id: 'web', connection: 'shopify', locations: ['wh-east'] }],
});

describe('the configuration JSON Schema (stockwire schema, schemas/stockwire.schema.json)', () => {
  it('is committed as the CLI prints it (regenerate: pnpm stockwire schema --output schemas/stockwire.schema.json)', async () => {
    expect(JSON.parse(await readRepositoryFile(committedSchemaPath))).toEqual(JSON.parse(printed));
  });

  it.each(['examples/stockwire.yaml', 'examples/demo/stockwire.yaml'])(
    'accepts %s, which stockwire check accepts',
    async (file) => {
      const [configuration] = await readYamlDocuments(file);
      expect(validate(configuration), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
    },
  );

  it('accepts the Kubernetes ConfigMap’s configuration', async () => {
    const [configMap] = (await readYamlDocuments('deploy/kubernetes/configmap.yaml')) as Array<{
      data: Record<string, string>;
    }>;
    const configuration = parse(configMap?.data['stockwire.yaml'] ?? '');
    expect(validate(configuration), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
  });

  it('refuses examples/broken.yaml, whose mistakes stockwire check lists', async () => {
    const [configuration] = await readYamlDocuments('examples/broken.yaml');
    expect(validate(configuration)).toBe(false);
  });

  it('checks a connection’s settings with its connector’s schema, chosen by `connector`', () => {
    const secrets = { accessToken: { env: 'SHOPIFY_ACCESS_TOKEN' }, apiSecretKey: { env: 'SHOPIFY_API_SECRET' } };
    const settings = { shop: 'northwind.myshopify.com', ...secrets };
    expect(validate(shopifyConnection(settings)), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const misspelt = { ...settings, shopp: 'northwind.myshopify.com' };
    expect(validate(shopifyConnection(misspelt))).toBe(false);
    const paths = (validate.errors ?? []).map((error) => error.instancePath);
    expect(paths).toContain('/connections/shopify/settings');
  });
});
