import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '@stockwire/engine';
import { useRedisServer } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';
import { loadConfiguration } from '../config/load-configuration.ts';
import type { DiffRow } from '../preview/diff-rows.ts';
import type { DiffTotals } from '../preview/diff-totals.ts';
import { openRedisConnections, type RedisConnections } from '../runtime/redis-connections.ts';
import { runnerOptionsFromEnvironment } from '../runtime/runner-options.ts';
import { capturedIo } from '../test-support/captured-io.ts';

const redis = useRedisServer();
let root: string;
let connections: RedisConnections;
let engine: Engine;

const header = (channels: string) => `version: 1
locations:
  - { id: wh-1, kind: warehouse }
  - { id: wh-2, kind: warehouse }
skus:
  - { id: TEE }
  - { id: MUG }
  - { id: CAP }
connections:
  erp: { connector: file, settings: { transport: { kind: folder, path: erp } } }
  shop: { connector: file, settings: { transport: { kind: folder, path: shop } } }
  market: { connector: file, settings: { transport: { kind: folder, path: market } } }
  b2b: { connector: file, settings: { transport: { kind: folder, path: b2b } } }
authority:
  - { connections: [erp], states: '*' }
channels:
${channels}`;

// The running rules: the web store holds 5 back; the marketplace sells everything at both warehouses.
const currentYaml = header(`  - { id: web, connection: shop, locations: [wh-1, wh-2], policy: { buffer: 5 } }
  - { id: market, connection: market, locations: [wh-1, wh-2] }
`);
// The new rules: (a) the web buffer goes to 10, except CAP, which keeps 5 by an override; (b) the marketplace
// no longer sells from wh-2; (c) a wholesale channel sells wh-1's stock, 2 held back.
const newYaml = header(`  - id: web
    connection: shop
    locations: [wh-1, wh-2]
    policy: { buffer: 10 }
    overrides: [{ skus: [CAP], policy: { buffer: 5 } }]
  - { id: market, connection: market, locations: [wh-1] }
  - { id: wholesale, connection: b2b, locations: [wh-1], policy: { buffer: 2 } }
`);

// Live stock: TEE 20 + 6, MUG 3 + 4, CAP only 12 at wh-2.
const receipts = [
  ['TEE', 'wh-1', 20],
  ['TEE', 'wh-2', 6],
  ['MUG', 'wh-1', 3],
  ['MUG', 'wh-2', 4],
  ['CAP', 'wh-2', 12],
] as const;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stockwire-diff-'));
  await writeFile(join(root, 'stockwire.yaml'), currentYaml);
  await writeFile(join(root, 'new.yaml'), newYaml);
  await writeFile(join(root, 'typo.yaml'), newYaml.replace('buffer: 10', 'bufer: 10'));
  const { configuration } = await loadConfiguration('stockwire.yaml', { cwd: root });
  connections = openRedisConnections(redis.url);
  const { keyPrefix } = runnerOptionsFromEnvironment(process.env);
  engine = createEngine({ redis: connections.commands, configuration, options: { keyPrefix } });
  // Relative to now: the engine refuses relative changes older than its settle horizon.
  const occurredAt = new Date(Date.now() - 10 * 60_000).toISOString();
  const result = await engine.ingest({
    connection: 'erp',
    events: receipts.map(([sku, location, quantity]) => ({
      kind: 'receipt',
      idempotencyKey: `receipt-${sku}-${location}`,
      source: 'erp',
      occurredAt,
      sku,
      location,
      quantity,
    })),
  });
  expect(result.outcomes).toEqual(receipts.map(() => 'applied'));
});

afterAll(async () => {
  await connections?.close();
  if (root !== undefined) await rm(root, { recursive: true, force: true });
});

async function diff(...argv: string[]) {
  const io = capturedIo(root);
  const exitCode = await runCli(['diff', ...argv], io);
  return { exitCode, stdout: io.stdoutText(), stderr: io.stderrText() };
}

describe('stockwire diff', () => {
  it('lists each changed value with its delta and the rule that causes it, then the totals', async () => {
    const { exitCode, stdout, stderr } = await diff('--config', 'new.yaml', '--redis-url', redis.url);
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    const lines = stdout.split('\n');
    const totalsAt = lines.findIndex((line) => / change on /.test(line));
    const [title] = lines;
    const table = lines.slice(2, totalsAt - 1);
    const totals = lines.slice(totalsAt).join('\n');
    expect(title).toMatch(/^Diff of new\.yaml against stockwire\.yaml on the live stock in redis:\/\/127\.0\.0\.1:\d+/);
    // TEE: 20 + 6 = 26 sellable. web 26 − 5 = 21 → 26 − 10 = 16; market 26 → wh-1's 20; wholesale 20 − 2 = 18.
    // MUG: 3 + 4 = 7. web 7 − 5 = 2 → 7 − 10 below 0 = 0; market 7 → 3; wholesale 3 − 2 = 1.
    // CAP: 12 at wh-2. web 12 − 5 = 7 under both (the override keeps 5: not listed); market 12 → 0 (wh-1 has
    // none); wholesale 0 − 2 → 0, a value the channel did not have before.
    expect(table.map((line) => line.split(/ {2,}/))).toEqual([
      ['SKU', 'CHANNEL', 'CURRENT', 'NEW', 'DELTA', 'RULE'],
      ['TEE', 'web', '21', '16', '-5', 'buffer 5 → 10'],
      ['', 'market', '26', '20', '-6', 'location wh-2 removed from the channel'],
      ['', 'wholesale', '—', '18', '+18', 'channel wholesale added'],
      [''],
      ['MUG', 'web', '2', '0', '-2', 'buffer 5 → 10'],
      ['', 'market', '7', '3', '-4', 'location wh-2 removed from the channel'],
      ['', 'wholesale', '—', '1', '+1', 'channel wholesale added'],
      [''],
      ['CAP', 'market', '12', '0', '-12', 'location wh-2 removed from the channel'],
      ['', 'wholesale', '—', '0', '0', 'channel wholesale added'],
    ]);
    // web −5 − 2 = −7; market −6 − 4 − 12 = −22; wholesale 18 + 1 + 0 = +19.
    expect(totals).toBe(
      [
        '8 values change on 3 SKUs. Net change per channel:',
        'CHANNEL    DELTA',
        'web           -7',
        'market       -22',
        'wholesale    +19',
        '',
      ].join('\n'),
    );
  });

  it('prints rows and totals as JSON with --json, and writes nothing', async () => {
    const dirtyBefore = await engine.dirtyCount('b2b');
    const { exitCode, stdout } = await diff(
      '--config',
      'new.yaml',
      '--current',
      'stockwire.yaml',
      '--redis-url',
      redis.url,
      '--json',
    );
    expect(exitCode).toBe(0);
    const { rows, totals } = JSON.parse(stdout) as { rows: DiffRow[]; totals: DiffTotals };
    expect(totals).toEqual({
      rowsChanged: 8,
      skusAffected: 3,
      deltaByChannel: { web: -7, market: -22, wholesale: 19 },
    });
    expect(rows[0]).toEqual({
      sku: 'TEE',
      channel: 'web',
      connection: 'shop',
      currentQuantity: 21,
      newQuantity: 16,
      currentStatus: 'in-stock',
      newStatus: 'in-stock',
      delta: -5,
      rule: 'buffer 5 → 10',
      currentWhy: 'sellable wh-1=20 + wh-2=6 = 26 → buffer −5 → 21',
      newWhy: 'sellable wh-1=20 + wh-2=6 = 26 → buffer −10 → 16',
    });
    expect(rows.find((row) => row.sku === 'MUG' && row.channel === 'web')).toMatchObject({
      currentStatus: 'in-stock',
      newStatus: 'out-of-stock',
    });
    expect(rows.find((row) => row.sku === 'TEE' && row.channel === 'wholesale')).toMatchObject({
      connection: 'b2b',
      currentQuantity: null,
      currentStatus: null,
      currentWhy: null,
      newWhy: 'sellable wh-1=20 → buffer −2 → 18',
    });
    // A preview, not a change: nothing computed for the new channel, nothing marked to push.
    expect(await engine.status('TEE', 'wholesale')).toEqual({
      computed: undefined,
      pushed: undefined,
      remote: undefined,
    });
    expect(await engine.dirtyCount('b2b')).toBe(dirtyBefore);
  });

  it('says so when nothing changes', async () => {
    const { exitCode, stdout } = await diff('--config', 'stockwire.yaml', '--redis-url', redis.url);
    expect(exitCode).toBe(0);
    expect(stdout).toContain(
      '\n\nNo value changes: every SKU shows the same on every channel under both configurations.\n',
    );
  });

  it('names the file, line and field of a bad configuration (exit 1)', async () => {
    const { exitCode, stderr } = await diff('--config', 'typo.yaml', '--redis-url', redis.url);
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(/^Configuration typo\.yaml has 1 problem:\n {2}typo\.yaml:\d+/);
    expect(stderr).toContain('bufer');
    const missing = await diff('--config', 'new.yaml', '--current', 'absent.yaml', '--redis-url', redis.url);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('absent.yaml');
  });

  it('exits 3 with a message, not a stack trace, when Redis cannot be reached', async () => {
    const { exitCode, stderr } = await diff('--config', 'new.yaml', '--redis-url', 'redis://127.0.0.1:1');
    expect(exitCode).toBe(3);
    expect(stderr).toMatch(/^error: cannot reach Redis at redis:\/\/127\.0\.0\.1:1;/);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('explains itself in --help, with an example, and is listed by stockwire --help', async () => {
    const help = await diff('--help');
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage: stockwire diff [options]');
    expect(help.stdout).toContain('--current <file>');
    expect(help.stdout).toContain('$ stockwire diff --config stockwire.new.yaml');
    const overview = capturedIo(root);
    expect(await runCli(['--help'], overview)).toBe(0);
    expect(overview.stdoutText()).toMatch(/\n {2}diff \[options\] +show which channel values a new configuration/);
  });
});
