import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createShopifySandbox, type ShopifySandbox } from '@stockwire/connector-shopify/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

const cliPath = fileURLToPath(new URL('../cli.ts', import.meta.url));
const tokenVariable = 'CHECK_LIVE_SHOPIFY_TOKEN';
const secretVariable = 'CHECK_LIVE_SHOPIFY_SECRET';
const north = 'gid://shopify/Location/1001';
const south = 'gid://shopify/Location/1002';
let sandbox: ShopifySandbox;
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

async function writeConfiguration(name: string, shopifyLocations: Record<string, string>): Promise<string> {
  const file = join(folder, name);
  const configuration = {
    version: 1,
    locations: [
      { id: 'north', kind: 'warehouse' },
      { id: 'south', kind: 'warehouse' },
    ],
    skus: [{ id: 'SKU-A' }],
    connections: {
      store: {
        connector: 'shopify',
        locations: shopifyLocations,
        settings: sandbox.connectionSettings({ accessToken: tokenVariable, apiSecretKey: secretVariable }),
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
    folder = await mkdtemp(join(tmpdir(), 'stockwire-check-live-'));
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.addLocation(north);
    sandbox.addLocation(south);
  });
  const secrets = () => ({ [tokenVariable]: sandbox.accessToken, [secretVariable]: sandbox.apiSecretKey });

  it('prints every check of every connection and exits 0 when all pass; a connector without check is "not supported"', async () => {
    const file = await writeConfiguration('valid.yaml', { [north]: 'north', [south]: 'south' });
    const { code, stdout, stderr } = await stockwire(['check', '--live', '-c', file], secrets());
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n').map((line) => line.split(/\s{2,}/));
    expect(lines[0]).toEqual(['connection', 'connector', 'check', 'result', 'detail']);
    expect(lines.slice(1, 5).map((line) => line.slice(0, 4))).toEqual([
      ['store', 'shopify', 'credentials', 'ok'],
      ['store', 'shopify', 'scopes', 'ok'],
      ['store', 'shopify', 'locations', 'ok'],
      ['erp', 'file', '-', 'skipped'],
    ]);
    expect(stdout).toContain('not supported by this connector');
    expect(stdout).toContain('All 1 checked connections passed. 1 not supported.');
    expect(sandbox.state.answered.map((answer) => answer.operation)).toEqual(['ConnectionCheck']);
  });

  it('exits 1 and names the failed auth check for a wrong token, in JSON', async () => {
    const file = await writeConfiguration('valid.yaml', { [north]: 'north' });
    const environment = { ...secrets(), [tokenVariable]: 'shpat_revoked' };
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
    expect(result.connections.find((row) => row.connection === 'erp')).toMatchObject({ supported: false, ok: true });
  });

  it('names a configured location the store does not have, and a secret that is not set', async () => {
    const file = await writeConfiguration('unknown-location.yaml', {
      [north]: 'north',
      'gid://shopify/Location/4040': 'south',
    });
    const unknown = await stockwire(['check', '--live', '-c', file], secrets());
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toMatch(
      /store\s+shopify\s+locations\s+FAILED\s+unknown location at the vendor: "gid:\/\/shopify\/Location\/4040" \(location south\)/,
    );
    const noSecret = await stockwire(['check', '--live', '-c', file], { [secretVariable]: sandbox.apiSecretKey });
    expect(noSecret.code).toBe(1);
    expect(noSecret.stdout).toMatch(/store\s+shopify\s+credentials\s+FAILED\s+\w+Error: .*CHECK_LIVE_SHOPIFY_TOKEN/);
  });
});
