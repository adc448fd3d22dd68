import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCatalog, projectChannels } from '@stockwire/model';
import { describe, expect, it } from 'vitest';
import { loadConfiguration } from './config/load-configuration.ts';
import { examples, positionOf, readExample, repositoryRoot } from './examples.test-helpers.ts';
import { loadPositions } from './positions/load-positions.ts';
import type { PreviewRow } from './preview/preview-rows.ts';

const cliPath = fileURLToPath(new URL('./cli.ts', import.meta.url));

interface CliRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI as a separate process, from the repository root, exactly as `pnpm stockwire` does. */
function stockwire(...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@stockwire/source', cliPath, ...args], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

const preview = ['preview', '--config', examples.configuration, '--positions', examples.positions] as const;

function rowOf(rows: readonly PreviewRow[], sku: string, channel: string): PreviewRow {
  const row = rows.find((candidate) => candidate.sku === sku && candidate.channel === channel);
  if (row === undefined) throw new Error(`no preview row for ${sku} on ${channel}`);
  return row;
}

describe('stockwire CLI', () => {
  it('lists its commands and examples in --help', async () => {
    const run = await stockwire('--help');

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^Usage: stockwire \[options\] \[command\]/);
    expect(run.stdout).toMatch(/\n {2}check \[options\] +validate a configuration file/);
    expect(run.stdout).toMatch(/\n {2}preview \[options\] +show what each channel would be told/);
    expect(run.stdout).toContain('$ stockwire preview --config examples/stockwire.yaml');
    expect(run.stdout).toMatch(/\n {2}run \[options\] +start syncing/);
    expect(run.stdout).toMatch(/\n {2}reconcile \[options\] +read one connection’s whole inventory/);
    expect(run.stdout).toMatch(/\n {2}replay \[options\] +list dead letters, or re-drive/);
  });

  it('explains run, reconcile and replay with their environment and examples', async () => {
    const run = await stockwire('run', '--help');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('--redis-url <url>');
    expect(run.stdout).toContain('STOCKWIRE_ADMIN_TOKEN');
    expect(run.stdout).toContain('$ REDIS_URL=redis://redis:6379 stockwire run --config /etc/stockwire/stockwire.yaml');
    const reconcile = await stockwire('reconcile', '--help');
    expect(reconcile.stdout).toContain('$ stockwire reconcile --connection erp --dry-run');
    const replay = await stockwire('replay', '--help');
    expect(replay.stdout).toContain('$ stockwire replay --id 1767225600000-0');
    // The cluster form of the Redis URL is documented where it is used.
    expect(run.stdout).toContain('redis+cluster://host1:port1,host2:port2');
    // Three processes in a row: a loaded machine (CI, a full parallel run) needs more than the default 5 s.
  }, 20_000);

  it('run exits 3 naming a connection whose connector is not installed', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'stockwire-run-'));
    const configuration = join(folder, 'stockwire.yaml');
    await writeFile(
      configuration,
      [
        'version: 1',
        'locations: [{ id: wh-1, kind: warehouse }]',
        'skus: [{ id: SKU-A }]',
        'connections: { acme: { connector: "@acme/stockwire-connector-nowhere" } }',
        "authority: [{ connections: [acme], states: '*' }]",
      ].join('\n'),
    );
    const run = await stockwire('run', '--config', configuration, '--redis-url', 'redis://127.0.0.1:9');
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain(
      'error: connection "acme" cannot start: the package @acme/stockwire-connector-nowhere is not installed',
    );
  });

  it('run exits 3 naming the alert webhook variable that is not set, and 2 for a cluster URL with a database', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'stockwire-run-'));
    const configuration = join(folder, 'stockwire.yaml');
    await writeFile(
      configuration,
      [
        'version: 1',
        'locations: [{ id: wh-1, kind: warehouse }]',
        'skus: [{ id: SKU-A }]',
        `connections: { wms: { connector: file, settings: { transport: { kind: folder, path: "${folder}" } } } }`,
        "authority: [{ connections: [wms], states: '*' }]",
        'alerts: { webhook: { env: STOCKWIRE_TEST_UNSET_ALERT_WEBHOOK } }',
      ].join('\n'),
    );
    const run = await stockwire('run', '--config', configuration, '--redis-url', 'redis://127.0.0.1:9');
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain(
      'error: alerts.webhook reads its value from the environment variable STOCKWIRE_TEST_UNSET_ALERT_WEBHOOK, which is not set',
    );

    const cluster = await stockwire('run', '--config', configuration, '--redis-url', 'redis+cluster://:pw@h1:7000/2');
    expect(cluster.exitCode).toBe(2);
    expect(cluster.stderr).toContain('redis+cluster://:***@h1:7000/2: a Redis Cluster URL lists seed nodes only');
    expect(cluster.stderr).not.toContain(':pw@');
  }, 20_000);

  it('prints the version from package.json', async () => {
    const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const run = await stockwire('--version');

    expect(run).toEqual({ exitCode: 0, stdout: `${packageJson.version}\n`, stderr: '' });
  });

  it('exits 2 on an unknown command or option, saying what was wrong', async () => {
    // Three independent processes: started together, so the test costs one start-up, not three.
    const [unknownCommand, unknownOption, missingPositions] = await Promise.all([
      stockwire('chek'),
      stockwire('check', '--konfig', 'x.yaml'),
      stockwire('preview', '--config', examples.configuration),
    ]);
    expect(unknownCommand.exitCode).toBe(2);
    expect(unknownCommand.stderr).toContain("error: unknown command 'chek'");
    expect(unknownCommand.stderr).toContain('(Did you mean check?)');

    expect(unknownOption.exitCode).toBe(2);
    expect(unknownOption.stderr).toContain("error: unknown option '--konfig'");

    expect(missingPositions.exitCode).toBe(2);
    expect(missingPositions.stderr).toContain("required option '-p, --positions <file>' not specified");
  });

  it('check summarises the example configuration and exits 0', async () => {
    const run = await stockwire('check', '--config', examples.configuration);

    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('examples/stockwire.yaml is valid');
    expect(run.stdout).toMatch(
      /5 locations +2 warehouse, 1 3pl, 1 marketplace-fulfilled, 1 store; offline: store-soho/,
    );
    expect(run.stdout).toMatch(/13 SKUs +of which 1 kit, 1 case-packed, 1 discontinued/);
    expect(run.stdout).toMatch(/6 connections +erp \(file\), wms-east \(file\)/);
    expect(run.stdout).toMatch(/4 channels +web, amazon-fbm, amazon-fba, wholesale/);
    expect(run.stdout).toMatch(
      /alerts +to the webhook in SLACK_ALERT_WEBHOOK_URL, every 60 s: drifts ≥ 1 open ≥ 900 s, failed items ≥ 5 in 3600 s, error rate ≥ 25 % in 600 s, oversell risk × 1 over 900 s/,
    );
    expect(run.stdout).toMatch(/Secrets come from these environment variables at start-up: .*SLACK_ALERT_WEBHOOK_URL/);
  });

  it('check prints every problem of broken.yaml as FILE:LINE:COLUMN  path  message and exits 1', async () => {
    const text = readExample(examples.broken);
    const at = (needle: string) => {
      const { line, column } = positionOf(text, needle);
      return `${examples.broken}:${line}:${column}`;
    };
    const run = await stockwire('check', '--config', examples.broken);

    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Configuration examples/broken.yaml has 4 problems:');
    expect(run.stderr).toContain(`${at('CANDLE-CEDR,')}  skus[12].kit.components[1].sku  unknown SKU "CANDLE-CEDR"`);
    // A component listed twice (issue #13.7), reported at the second of its two lines.
    const socks = positionOf(text, '- { sku: SOCKS-GRY, quantity: 1 }\n        - { sku: SOCKS-GRY, quantity: 1 }');
    expect(run.stderr).toContain(
      `${examples.broken}:${socks.line + 1}:${socks.column + '- { sku: '.length}  skus[12].kit.components[3].sku  "SOCKS-GRY" is listed more than once in this kit`,
    );
    expect(run.stderr).toContain(`${at('-2\n')}  channels[0].policy.buffer  must not be negative`);
    expect(run.stderr).toContain(
      `${at('shpat_not-a-real-token-0000')}  connections.shopify.settings.accessToken  looks like a secret`,
    );
  });

  it('check exits 1 naming a configuration file that does not exist', async () => {
    const run = await stockwire('check', '--config', 'examples/nope.yaml');

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('examples/nope.yaml  file not found');
  });

  it('preview --json publishes the quantities derived by hand in examples/positions.yaml', async () => {
    const run = await stockwire(...preview, '--json');

    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const rows = JSON.parse(run.stdout) as PreviewRow[];
    // 13 SKUs × 4 channels.
    expect(rows).toHaveLength(52);

    // Kit, per location: wh-east min(18 mugs, 131 candles, 7 socks ÷ 2 = 3) = 3; wh-west min(3, 30, 40 ÷ 2) = 3.
    // Web: 3 + 3 = 6, minus the buffer of 2 = 4. Amazon FBM adds 3pl-central (no mugs, 0 kits): 80% of 6 = 4.
    expect(rowOf(rows, 'GIFT-SET-COZY', 'web')).toMatchObject({ quantity: 4, status: 'in-stock', sellable: 6 });
    expect(rowOf(rows, 'GIFT-SET-COZY', 'amazon-fbm')).toMatchObject({ quantity: 4, status: 'in-stock' });
    // The wholesale override disables the listing.
    expect(rowOf(rows, 'GIFT-SET-COZY', 'wholesale')).toMatchObject({ quantity: 0, status: 'disabled' });

    // Case rounding: wh-east 150 − 7 − 12 = 131, 3pl-central 48 − 4 = 44; 175 candles = 14 full cases of 12.
    expect(rowOf(rows, 'CANDLE-CEDAR', 'wholesale')).toMatchObject({
      quantity: 14,
      unitsPer: 12,
      sellable: 175,
      status: 'in-stock',
    });
    // Web counts single candles: 131 + 30 (wh-west) = 161, minus 2 = 159.
    expect(rowOf(rows, 'CANDLE-CEDAR', 'web')).toMatchObject({ quantity: 159, unitsPer: 1 });

    // Preorder: nothing sellable; PO-2025-118 (96, due in 17 days) is within 30 days, PO-2025-131 is not;
    // the limit of 24 applies. Amazon FBM has no preorder policy.
    expect(rowOf(rows, 'CANDLE-FIG', 'web')).toMatchObject({ quantity: 24, status: 'preorder', sellable: 0 });
    expect(rowOf(rows, 'CANDLE-FIG', 'amazon-fbm')).toMatchObject({ quantity: 0, status: 'out-of-stock' });

    // Override and offline store: wh-east 40 − 6 = 34, wh-west 12 − 2 − 1 = 9; the store's 8 do not count;
    // 43 minus the bestseller's buffer of 5 = 38.
    expect(rowOf(rows, 'TEE-BLK-M', 'web')).toMatchObject({ quantity: 38, sellable: 43 });
    // Amazon FBM: 34 + 9 + 20 (3pl) = 63, 80% = 50.4, rounded down to 50. FBA: 55 − 5 reserved = 50.
    expect(rowOf(rows, 'TEE-BLK-M', 'amazon-fbm')).toMatchObject({ quantity: 50, sellable: 63 });
    expect(rowOf(rows, 'TEE-BLK-M', 'amazon-fba')).toMatchObject({ quantity: 50 });

    // zeroBelow: 4 − 1 = 3 sellable, 80% = 2, below 3, so 0.
    expect(rowOf(rows, 'TOTE-NATURAL', 'amazon-fbm')).toMatchObject({ quantity: 0, status: 'out-of-stock' });
    // maximum: 7 + 400 = 407 capped at 240.
    expect(rowOf(rows, 'SOCKS-GRY', 'wholesale')).toMatchObject({ quantity: 240, sellable: 407 });
    expect(rowOf(rows, 'TEE-RED-M', 'web')).toMatchObject({ quantity: 0, status: 'discontinued' });
  });

  it('preview --json is exactly what the model projects from the same files', async () => {
    const run = await stockwire(...preview, '--json');
    const loaded = await loadConfiguration(examples.configuration, { cwd: repositoryRoot });
    const catalog = buildCatalog(loaded.configuration);
    const positions = await loadPositions(examples.positions, catalog, { cwd: repositoryRoot });
    const projected = projectChannels(
      catalog,
      loaded.configuration.channels,
      positions.positions,
      new Date(positions.asOf!),
    );

    const published = (JSON.parse(run.stdout) as PreviewRow[]).map(({ sku, channel, quantity, status, steps }) => ({
      sku,
      channel,
      quantity,
      status,
      steps,
    }));
    const expected = projected.map(({ sku, channel, quantity, status, steps }) => ({
      sku,
      channel,
      quantity,
      status,
      steps,
    }));
    expect(published).toEqual(expect.arrayContaining(expected));
    expect(published).toHaveLength(expected.length);
  });

  it('preview prints a table grouped by SKU with the rule trace', async () => {
    const run = await stockwire(...preview, '--sku', 'GIFT-SET-COZY', '--sku', 'CANDLE-CEDAR');

    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      'Preview of examples/stockwire.yaml with positions from examples/positions.yaml, as of 2025-11-03T14:00:00.000Z (from the positions file)',
    );
    expect(lines[2]).toMatch(/^SKU +CHANNEL +QUANTITY +STATUS +WHY$/);
    expect(run.stdout).toMatch(
      /\nCANDLE-CEDAR +web +159 +in-stock +sellable wh-east=131 \+ wh-west=30 = 161 \(offline: store-soho\) → buffer −2 → 159\n/,
    );
    expect(run.stdout).toMatch(
      /\n +wholesale +14 +in-stock +sellable wh-east=131 \+ 3pl-central=44 = 175 → in cases of 12 → 14\n/,
    );
    expect(run.stdout).toMatch(
      /\nGIFT-SET-COZY +web +4 +in-stock +kits per location wh-east=3 \+ wh-west=3 = 6 \(offline: store-soho\) → buffer −2 → 4\n/,
    );
    expect(run.stdout).toMatch(/\n +wholesale +0 +disabled +listing disabled \(override\) → 0\n/);
  });

  it('preview --as-of moves the preorder horizon', async () => {
    // From 2025-12-20 the 30-day horizon reaches 2026-01-19: both purchase orders (96 + 48) now count.
    const run = await stockwire(
      ...preview,
      '--sku',
      'CANDLE-FIG',
      '--channel',
      'web',
      '--as-of',
      '2025-12-20T00:00:00Z',
    );

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('preorder 144 incoming within 30 days, limit 24 → 24');
  });

  it('preview exits 2 for a channel the configuration does not define', async () => {
    const run = await stockwire(...preview, '--channel', 'ebay');

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      '--channel "ebay" is not a channel in examples/stockwire.yaml; it has web, amazon-fbm',
    );
  });
});

describe('stockwire simulate', () => {
  it('reports Stockwire, the 15-minute baseline and the naive baseline on one seed: no oversell, less hidden stock', async () => {
    const run = await stockwire('simulate', '--scenario', 'flash-sale', '--json');
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout) as {
      seed: number;
      systems: Array<{ system: string; orders: { unitsOversold: number }; hiddenStockUnitSeconds: number }>;
    };
    const [stockwireRun, periodic, naive] = report.systems;
    expect(report.seed).toBe(1);
    expect(report.systems.map((system) => system.system)).toEqual([
      'stockwire',
      'periodic sync every 15 min',
      'naive real-time sync',
    ]);
    expect(stockwireRun?.orders.unitsOversold).toBe(0);
    expect(periodic?.orders.unitsOversold).toBeGreaterThan(0);
    expect(naive?.orders.unitsOversold).toBeGreaterThan(0);
    expect(stockwireRun?.hiddenStockUnitSeconds).toBeLessThan(periodic?.hiddenStockUnitSeconds ?? 0);
    expect(run.stderr.length).toBeGreaterThan(0);
  });

  it('names the valid scenarios when given an unknown one', async () => {
    const run = await stockwire('simulate', '--scenario', 'black-monday');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('unknown scenario "black-monday"; choose one of flash-sale');
  });
});
