// Runs in the consumer project the pack check installs the tarballs into, with plain `node` (no source condition,
// no TypeScript): imports every package's main export, checks that each connector's default export is a
// ConnectorDefinitionV2, validates a minimal settings object with its settingsSchema and creates the connector
// (creation reads no secret and calls no vendor). Prints one JSON line: { problems: string[], checked: string[] }.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const secret = (name) => ({ env: name });
const inbox = join(process.cwd(), 'file-inbox');
mkdirSync(inbox, { recursive: true });

/** The least each built-in connector's settingsSchema accepts, by connector kind. */
const minimalSettings = {
  file: { transport: { kind: 'folder', path: inbox } },
  shopify: {
    shop: 'pack-check.myshopify.com',
    apiVersion: '2026-10',
    accessToken: secret('SHOPIFY_ACCESS_TOKEN'),
    apiSecretKey: secret('SHOPIFY_API_SECRET'),
  },
  amazon: {
    region: 'na',
    marketplaceIds: ['ATVPDKIKX0DER'],
    sellerId: 'A2PACKCHECK0001',
    clientId: secret('AMAZON_LWA_CLIENT_ID'),
    clientSecret: secret('AMAZON_LWA_CLIENT_SECRET'),
    refreshToken: secret('AMAZON_REFRESH_TOKEN'),
  },
  square: {
    accessToken: secret('SQUARE_ACCESS_TOKEN'),
    webhookSignatureKey: secret('SQUARE_WEBHOOK_KEY'),
    notificationUrl: 'https://stockwire.example/webhooks/square',
  },
  netsuite: {
    account: '1234567',
    authentication: {
      kind: 'token-based',
      consumerKey: secret('NETSUITE_CONSUMER_KEY'),
      consumerSecret: secret('NETSUITE_CONSUMER_SECRET'),
      tokenId: secret('NETSUITE_TOKEN_ID'),
      tokenSecret: secret('NETSUITE_TOKEN_SECRET'),
    },
  },
  shipbob: { authentication: { kind: 'personal-access-token', token: secret('SHIPBOB_TOKEN') } },
  shiphero: { authentication: { kind: 'refresh-token', refreshToken: secret('SHIPHERO_REFRESH_TOKEN') } },
  ebay: {
    clientId: secret('EBAY_CLIENT_ID'),
    clientSecret: secret('EBAY_CLIENT_SECRET'),
    refreshToken: secret('EBAY_REFRESH_TOKEN'),
  },
  'edi-x12': {
    transport: { kind: 'folder', path: inbox },
    identity: { qualifier: 'ZZ', id: 'STOCKWIRE' },
    partners: [{ name: 'acme', qualifier: 'ZZ', id: 'ACME3PL' }],
  },
  vendure: {
    adminApiUrl: 'https://vendure.example/admin-api',
    authentication: { kind: 'api-key', apiKey: secret('VENDURE_API_KEY') },
  },
};

const identity = (value) => value;
const mapping = {
  connection: 'pack-check',
  toCanonicalSku: identity,
  toCanonicalLocation: identity,
  toExternalSku: identity,
  toExternalLocation: identity,
  unitsPer: () => 1,
};

/** An in-memory ConnectorStateStoreV2, standing in for the runner's Redis-backed one. */
const values = new Map();
const state = {
  get: async (key) => values.get(key),
  getMany: async (keys) => keys.map((key) => values.get(key)),
  set: async (key, value) => void values.set(key, value),
  setMany: async (entries) => {
    for (const [key, value] of entries) values.set(key, value);
  },
  delete: async (...keys) => {
    for (const key of keys) values.delete(key);
  },
};

const packages = JSON.parse(process.argv[2] ?? '[]');
const problems = [];
const checked = [];
for (const name of packages) {
  let module;
  try {
    module = await import(name);
  } catch (error) {
    problems.push(`${name}: import failed: ${error?.message ?? error}`);
    continue;
  }
  if (Object.keys(module).length === 0) problems.push(`${name}: the main export has no bindings`);
  const isConnector = /^@stockwire\/connector-/.test(name) && !/-(kit|spec)$/.test(name);
  if (!isConnector) {
    checked.push(`${name}: imported`);
    continue;
  }
  const definition = module.default;
  if (definition?.specificationVersion !== 'v2' || typeof definition.create !== 'function') {
    problems.push(`${name}: the default export is not a ConnectorDefinitionV2 (specificationVersion 'v2', create)`);
    continue;
  }
  const settings = minimalSettings[definition.connector];
  if (settings === undefined) {
    problems.push(`${name}: pack-check has no minimal settings for connector "${definition.connector}" (smoke.mjs)`);
    continue;
  }
  const parsed = definition.settingsSchema.safeParse(settings);
  if (!parsed.success) {
    problems.push(`${name}: minimal settings refused: ${JSON.stringify(parsed.error?.issues ?? parsed)}`);
    continue;
  }
  try {
    const connector = definition.create(parsed.data, { mapping, environment: {}, state });
    if (connector?.specificationVersion !== 'v2' || connector.connector !== definition.connector)
      problems.push(`${name}: create() did not return a ConnectorV2 of kind ${definition.connector}`);
    else checked.push(`${name}: ${definition.connector} settings valid, connector created`);
  } catch (error) {
    problems.push(`${name}: create() threw: ${error?.message ?? error}`);
  }
}
console.log(JSON.stringify({ problems, checked }));
