import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AmazonSandbox, createAmazonSandbox } from '@stockwire/connector-amazon/sandbox';
import { createShopifySandbox, type ShopifySandbox } from '@stockwire/connector-shopify/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

const cliPath = fileURLToPath(new URL('../cli.ts', import.meta.url));
// A third party's connector in plain JavaScript, as published (the derived-image test installs it): it declares a
// snapshot and no check capability.
const thirdPartyConnector = fileURLToPath(
  new URL('../connectors/__fixtures__/acme-stockwire-connector/index.js', import.meta.url),
);
const tokenVariable = 'CHECK_LIVE_SHOPIFY_TOKEN';
const secretVariable = 'CHECK_LIVE_SHOPIFY_SECRET';
const north = 'gid://shopify/Location/1001';
const south = 'gid://shopify/Location/1002';
const amazonVariables = {
  clientId: 'CHECK_LIVE_AMAZON_CLIENT_ID',
  clientSecret: 'CHECK_LIVE_AMAZON_CLIENT_SECRET',
  refreshToken: 'CHECK_LIVE_AMAZON_REFRESH_TOKEN',
};
const us = 'ATVPDKIKX0DER';
const ca = 'A2EUQ1WTGCTBG2';
let sandbox: ShopifySandbox;
let amazon: AmazonSandbox;
let folder: string;

/** `stockwire check --live` as its own OS process, as an operator runs it. */
function stockwire(argv: readonly string[], environment: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=@stockwire/source', cliPath, ...argv],
      { env: { ...process.env, ...environment }, cwd: folder },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    );
  });
}

async function writeConfiguration(
  name: string,
  shopifyLocations: Record<string, string>,
  amazonLocations: Record<string, string> = { [us]: 'amazon-us' },
): Promise<string> {
  const file = join(folder, name);
  const configuration = {
    version: 1,
    locations: [
      { id: 'north', kind: 'warehouse' },
      { id: 'south', kind: 'warehouse' },
      { id: 'amazon-us', kind: 'warehouse' },
      { id: 'amazon-ca', kind: 'warehouse' },
    ],
    skus: [{ id: 'SKU-A' }],
    connections: {
      store: {
        connector: 'shopify',
        locations: shopifyLocations,
        settings: sandbox.connectionSettings({ accessToken: tokenVariable, apiSecretKey: secretVariable }),
      },
      marketplace: {
        connector: 'amazon',
        locations: amazonLocations,
        settings: {
          sellerId: amazon.sellerId,
          marketplaceIds: [us],
          clientId: { env: amazonVariables.clientId },
          clientSecret: { env: amazonVariables.clientSecret },
          refreshToken: { env: amazonVariables.refreshToken },
          endpoint: amazon.baseUrl,
        },
      },
      erp: { connector: 'file', settings: { transport: { kind: 'folder', path: folder } } },
    },
    authority: [{ connections: ['erp'], states: '*' }],
    channels: [{ id: 'online', connection: 'store', locations: ['north'] }],
  };
  await writeFile(file, stringify(configuration));
  return file;
}

describe('stockwire check --live', () => {
  beforeAll(async () => {
    sandbox = await createShopifySandbox();
    amazon = await createAmazonSandbox({ enforceRateLimits: false });
    folder = await mkdtemp(join(tmpdir(), 'stockwire-check-live-'));
    // The ERP's side drops its files in inbox/; the file check fails a tree without it (a wrong path, most often).
    await mkdir(join(folder, 'inbox'));
  });
  afterAll(async () => {
    await sandbox.close();
    await amazon.close();
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.addLocation(north);
    sandbox.addLocation(south);
  });
  const secrets = () => ({
    [tokenVariable]: sandbox.accessToken,
    [secretVariable]: sandbox.apiSecretKey,
    [amazonVariables.clientId]: amazon.credentials.clientId,
    [amazonVariables.clientSecret]: amazon.credentials.clientSecret,
    [amazonVariables.refreshToken]: amazon.credentials.refreshToken,
  });

  it('prints every check of every connection and exits 0 when all pass', async () => {
    const file = await writeConfiguration('valid.yaml', { [north]: 'north', [south]: 'south' });
    const { code, stdout, stderr } = await stockwire(['check', '--live', '-c', file], secrets());
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n').map((line) => line.split(/\s{2,}/));
    expect(lines[0]).toEqual(['connection', 'connector', 'check', 'result', 'detail']);
    expect(lines.slice(1, 8).map((line) => line.slice(0, 4))).toEqual([
      ['store', 'shopify', 'credentials', 'ok'],
      ['store', 'shopify', 'scopes', 'ok'],
      ['store', 'shopify', 'locations', 'ok'],
      ['marketplace', 'amazon', 'credentials', 'ok'],
      ['marketplace', 'amazon', 'locations', 'ok'],
      ['erp', 'file', 'transport', 'ok'],
      ['erp', 'file', 'folders', 'ok'],
    ]);
    expect(stdout).toContain('inbox/ lists (0 files), outbox/ is writable');
    expect(stdout).toContain('All 3 checked connections passed.');
    expect(stdout).not.toContain('not supported');
    expect(sandbox.state.answered.map((answer) => answer.operation)).toEqual(['ConnectionCheck']);
  });

  it('exits 1 and names the failed auth check for a wrong token, in JSON', async () => {
    const file = await writeConfiguration('valid.yaml', { [north]: 'north' });
    const environment = {
      ...secrets(),
      [tokenVariable]: 'shpat_revoked',
      [amazonVariables.refreshToken]: 'Atzr|revoked',
    };
    const { code, stdout } = await stockwire(['check', '--live', '--json', '-c', file], environment);
    expect(code).toBe(1);
    const result = JSON.parse(stdout) as {
      ok: boolean;
      connections: { connection: string; ok: boolean; supported: boolean; checks: Record<string, unknown>[] }[];
    };
    expect(result.ok).toBe(false);
    const store = result.connections.find((row) => row.connection === 'store');
    expect(store?.ok).toBe(false);
    expect(store?.checks[0]).toMatchObject({ name: 'credentials', ok: false, errorName: 'AuthenticationError' });
    const marketplace = result.connections.find((row) => row.connection === 'marketplace');
    expect(marketplace?.checks[0]).toMatchObject({ name: 'credentials', ok: false, errorName: 'AuthenticationError' });
    expect(result.connections.find((row) => row.connection === 'erp')).toMatchObject({ supported: true, ok: true });
  });

  it('names a configured location the store does not have, and a secret that is not set', async () => {
    const file = await writeConfiguration(
      'unknown-location.yaml',
      { [north]: 'north', 'gid://shopify/Location/4040': 'south' },
      { [us]: 'amazon-us', [ca]: 'amazon-ca' },
    );
    const unknown = await stockwire(['check', '--live', '-c', file], secrets());
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toMatch(
      /store\s+shopify\s+locations\s+FAILED\s+unknown location at the vendor: "gid:\/\/shopify\/Location\/4040" \(location south\)/,
    );
    expect(unknown.stdout).toMatch(
      /marketplace\s+amazon\s+locations\s+FAILED\s+unknown marketplace in marketplaceIds: "A2EUQ1WTGCTBG2" \(location amazon-ca\)/,
    );
    const { [tokenVariable]: _token, ...withoutToken } = secrets();
    const noSecret = await stockwire(['check', '--live', '-c', file], withoutToken);
    expect(noSecret.code).toBe(1);
    expect(noSecret.stdout).toMatch(/store\s+shopify\s+credentials\s+FAILED\s+\w+Error: .*CHECK_LIVE_SHOPIFY_TOKEN/);
  });

  it('lists a connector without a check as "not supported": skipped, never a failure, never hiding one', async () => {
    const configurationWith = async (name: string, erpFolder: string) => {
      const file = join(folder, name);
      const configuration = {
        version: 1,
        locations: [{ id: 'north', kind: 'warehouse' }],
        skus: [{ id: 'SKU-A', aliases: [{ connection: 'supplier', value: 'ACME-1' }] }],
        connections: {
          erp: { connector: 'file', settings: { transport: { kind: 'folder', path: erpFolder } } },
          supplier: { connector: thirdPartyConnector, locations: { DOCK: 'north' }, settings: { onHand: 7 } },
        },
        authority: [{ connections: ['erp'], states: '*' }],
        channels: [],
      };
      await writeFile(file, stringify(configuration));
      return file;
    };
    const passing = await configurationWith('not-supported.yaml', folder);
    // The file check fails a tree without inbox/: the skipped connection must not turn that into a pass.
    const failing = await configurationWith('not-supported-failing.yaml', join(folder, 'no-such-tree'));
    const [table, json, withFailure] = await Promise.all([
      stockwire(['check', '--live', '-c', passing], {}),
      stockwire(['check', '--live', '--json', '-c', passing], {}),
      stockwire(['check', '--live', '-c', failing], {}),
    ]);

    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    const rows = table.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split(/\s{2,}/));
    expect(rows.filter((row) => row[0] === 'supplier')).toEqual([
      ['supplier', thirdPartyConnector, '-', 'skipped', 'not supported by this connector'],
    ]);
    expect(rows.filter((row) => row[0] === 'erp').map((row) => row.slice(0, 4))).toEqual([
      ['erp', 'file', 'transport', 'ok'],
      ['erp', 'file', 'folders', 'ok'],
    ]);
    expect(rows.at(-1)).toEqual(['All 1 checked connections passed. 1 not supported.']);

    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as { ok: boolean; connections: Record<string, unknown>[] };
    expect(result.ok).toBe(true);
    expect(result.connections.find((row) => row.connection === 'supplier')).toEqual({
      connection: 'supplier',
      connector: thirdPartyConnector,
      supported: false,
      ok: true,
      checks: [],
    });

    expect(withFailure.code).toBe(1);
    expect(withFailure.stdout).toMatch(
      /supplier\s+\S+acme-stockwire-connector\/index\.js\s+-\s+skipped\s+not supported/,
    );
    expect(withFailure.stdout).toMatch(/erp\s+file\s+transport\s+FAILED/);
    expect(withFailure.stdout.trimEnd().split('\n').at(-1)).toBe(
      '1 of 1 checked connections failed a check. 1 not supported.',
    );
  });
});
