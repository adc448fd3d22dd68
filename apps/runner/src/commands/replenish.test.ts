import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '@stockwire/engine';
import type { InventoryEvent } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';
import { loadConfiguration } from '../config/load-configuration.ts';
import type { ReplenishmentReport } from '../replenishment/replenishment-report.ts';
import { openRedisConnections, type RedisConnections } from '../runtime/redis-connections.ts';
import { runnerOptionsFromEnvironment } from '../runtime/runner-options.ts';
import { capturedIo } from '../test-support/captured-io.ts';

const redis = useRedisServer();
let root: string;
let connections: RedisConnections;

const withoutReplenishment = `version: 1
locations:
  - { id: wh-1, kind: warehouse }
  - { id: shop, kind: store }
skus:
  - { id: TEE }
  - { id: MUG }
  - { id: CAP }
  - { id: HAT }
  - { id: GIFT, kit: { components: [{ sku: TEE, quantity: 1 }, { sku: MUG, quantity: 1 }] } }
connections:
  erp: { connector: file, settings: { transport: { kind: folder, path: erp } } }
  web: { connector: file, settings: { transport: { kind: folder, path: web } } }
authority:
  - { connections: [web], states: [committed] }
  - { connections: [erp], states: '*' }
channels:
  - { id: store, connection: web, locations: [wh-1, shop] }
`;
// Suppliers deliver to the warehouse only; the shop is restocked by transfer. CAP has no supplier.
const configurationYaml = `${withoutReplenishment}replenishment:
  velocityWindowDays: 28
  locations: [wh-1]
  suppliers:
    - { id: acme, leadTimeDays: 7, packSize: 12, safetyStockDays: 3, skus: [TEE, HAT] }
    - { id: bulk, leadTimeDays: 10, packSize: 6, skus: [MUG] }
  overrides:
    - { skus: [MUG], leadTimeDays: 21, safetyStock: 5 }
`;

const dayMs = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * dayMs).toISOString();
const snapshot = (sku: string, onHand: number): InventoryEvent => ({
  kind: 'snapshot',
  idempotencyKey: `count-${sku}`,
  source: 'erp',
  occurredAt: ago(14.5),
  sku,
  location: 'wh-1',
  quantities: { onHand },
});
const hold = (sku: string, order: string, quantity: number, daysAgo: number): InventoryEvent => ({
  kind: 'reservation-created',
  idempotencyKey: `hold-${order}`,
  source: 'web',
  occurredAt: ago(daysAgo),
  sku,
  location: 'wh-1',
  quantity,
  orderReference: order,
  lineReference: '1',
});

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stockwire-replenish-'));
  await writeFile(join(root, 'stockwire.yaml'), configurationYaml);
  await writeFile(join(root, 'plain.yaml'), withoutReplenishment);
  const { configuration } = await loadConfiguration('stockwire.yaml', { cwd: root });
  connections = openRedisConnections(redis.url);
  const { keyPrefix } = runnerOptionsFromEnvironment(process.env);
  const engine = createEngine({ redis: connections.commands, configuration, options: { keyPrefix } });
  const erp = await engine.ingest({
    connection: 'erp',
    events: [
      snapshot('TEE', 66),
      snapshot('MUG', 17),
      snapshot('HAT', 30),
      {
        kind: 'incoming-expected',
        idempotencyKey: 'po-1',
        source: 'erp',
        occurredAt: ago(1),
        sku: 'TEE',
        location: 'wh-1',
        incomingReference: 'PO-1',
        quantity: 6,
        expectedAt: new Date(Date.now() + 5 * dayMs).toISOString(),
      },
      {
        kind: 'transfer-out',
        idempotencyKey: 'transfer-1',
        source: 'erp',
        occurredAt: ago(1),
        sku: 'MUG',
        location: 'shop',
        destination: 'wh-1',
        quantity: 2,
        transferReference: 'T-1',
      },
    ],
  });
  expect(erp.outcomes).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
  // TEE: 7 orders of 8 every other day (56 units, 24 of them in the last 7 days); one order of 4 cancelled.
  const teeOrders = [2, 4, 6, 8, 10, 12, 14].map((daysAgo) => hold('TEE', `t-${daysAgo}`, 8, daysAgo));
  const web = await engine.ingest({
    connection: 'web',
    events: [
      ...teeOrders,
      hold('TEE', 'cancelled', 4, 3),
      {
        kind: 'reservation-released',
        idempotencyKey: 'release-cancelled',
        source: 'web',
        occurredAt: ago(2.5),
        sku: 'TEE',
        location: 'wh-1',
        quantity: 4,
        orderReference: 'cancelled',
        lineReference: '1',
        reason: 'cancelled',
      },
      hold('MUG', 'm-1', 5, 3),
      hold('MUG', 'm-2', 5, 9),
    ],
  });
  expect(web.outcomes.every((outcome) => outcome === 'applied')).toBe(true);
});

afterAll(async () => {
  await connections?.close();
  if (root !== undefined) await rm(root, { recursive: true, force: true });
});

async function replenish(...argv: string[]) {
  const io = capturedIo(root);
  const exitCode = await runCli(['replenish', ...argv], io);
  return { exitCode, stdout: io.stdoutText(), stderr: io.stderrText() };
}

describe('stockwire replenish', () => {
  it('lists each SKU × location with its velocity, cover, reorder point and the suggestion in whole packs', async () => {
    const { exitCode, stdout, stderr } = await replenish('--redis-url', redis.url);
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^Replenishment suggestions \(not orders\) as of \S+, from sales since \S+ \(28 days\)$/);
    // TEE: 56 sold / 28 days = 2 a day. Sellable 66 − 56 held = 10, cover 10 / 2 = 5 days; 6 on order: position 16.
    //   Safety 2 × 3 days = 6; reorder point 2 × 7 + 6 = 20 ≥ 16; up to 2 × (7 + 14) + 6 = 48: 32 → 3 packs of 12.
    // MUG: 10 sold / 28 = 0.357 a day. Sellable 17 − 10 = 7, cover 7 / 0.357 = 19.6 days; 2 in transit: position 9.
    //   Safety 5; reorder point ⌈0.357 × 21 + 5⌉ = 13 ≥ 9; up to ⌈0.357 × 35 + 5⌉ = 18: 9 → 2 packs of 6.
    // HAT: nothing sold, 30 on hand: reorder point 0, nothing to order. The shop is not supplied: no rows.
    expect(lines.slice(2, 6).map((line) => line.split(/ {2,}/))).toEqual([
      [
        'SKU',
        'LOCATION',
        'SUPPLIER',
        'SOLD',
        'PER DAY',
        'AVAILABLE',
        'ON ORDER',
        'COVER (DAYS)',
        'LEAD (DAYS)',
        'SAFETY',
        'REORDER AT',
        'UP TO',
        'PACK',
        'SUGGESTED',
      ],
      ['TEE', 'wh-1', 'acme', '56', '2.00', '10', '6', '5.0', '7', '6', '20', '48', '12', '36'],
      ['MUG', 'wh-1', 'bulk', '10', '0.36', '7', '2', '19.6', '21', '5', '13', '18', '6', '12'],
      ['HAT', 'wh-1', 'acme', '0', '0.00', '30', '0', '—', '7', '0', '0', '0', '12', '0'],
    ]);
    expect(lines.slice(6).join('\n')).toBe(
      ['', '2 suggestions to reorder, 48 units in all.', 'No supplier supplies CAP: no suggestion for them.', ''].join(
        '\n',
      ),
    );
  });

  it('prints the exact figures as JSON, measures over --window-days, and prints CSV for a spreadsheet', async () => {
    const json = await replenish('--redis-url', redis.url, '--json');
    expect(json.exitCode).toBe(0);
    const report = JSON.parse(json.stdout) as ReplenishmentReport;
    expect(report.windowDays).toBe(28);
    expect(Date.parse(report.asOf) - Date.parse(report.since)).toBe(28 * dayMs);
    expect(report.skusWithoutSupplier).toEqual(['CAP']);
    expect(report.suggestions.map((row) => [row.sku, row.location, row.suggestedQuantity, row.packs])).toEqual([
      ['TEE', 'wh-1', 36, 3],
      ['MUG', 'wh-1', 12, 2],
      ['HAT', 'wh-1', 0, 0],
    ]);
    expect(report.suggestions[1]?.velocityPerDay).toBe(10 / 28);

    // The last 7 days hold TEE's orders of 2, 4 and 6 days ago: 24 units, 24/7 a day; MUG's of 3 days ago: 5.
    const week = JSON.parse(
      (await replenish('--redis-url', redis.url, '--json', '--window-days', '7')).stdout,
    ) as ReplenishmentReport;
    expect(week.windowDays).toBe(7);
    expect(week.suggestions.map((row) => [row.sku, row.unitsSold])).toEqual([
      ['TEE', 24],
      ['MUG', 5],
      ['HAT', 0],
    ]);

    const csv = await replenish('--redis-url', redis.url, '--csv');
    expect(csv.exitCode).toBe(0);
    expect(csv.stdout.split('\r\n')).toEqual([
      'sku,location,supplier,units_sold,velocity_per_day,available,on_order,days_of_cover,lead_time_days,' +
        'safety_stock,reorder_point,order_up_to,pack_size,suggested_quantity',
      'TEE,wh-1,acme,56,2,10,6,5,7,6,20,48,12,36',
      'MUG,wh-1,bulk,10,0.3571,7,2,19.6,21,5,13,18,6,12',
      'HAT,wh-1,acme,0,0,30,0,,7,0,0,0,12,0',
      '',
    ]);
  });

  it('refuses a configuration without a replenishment section (exit 1) and a wrong command line (exit 2)', async () => {
    const plain = await replenish('--config', 'plain.yaml', '--redis-url', redis.url);
    expect(plain.exitCode).toBe(1);
    expect(plain.stderr).toContain('plain.yaml  has no replenishment section');
    const both = await replenish('--redis-url', redis.url, '--json', '--csv');
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toMatch(/^error: give --json or --csv, not both\n/);
    const window = await replenish('--redis-url', redis.url, '--window-days', '45');
    expect(window.exitCode).toBe(2);
    expect(window.stderr).toContain('--window-days "45"');
  });

  it('exits 3 with a message, not a stack trace, when Redis cannot be reached', async () => {
    const { exitCode, stderr } = await replenish('--redis-url', 'redis://127.0.0.1:1');
    expect(exitCode).toBe(3);
    expect(stderr).toMatch(/^error: cannot reach Redis at redis:\/\/127\.0\.0\.1:1;/);
  }, 30_000);

  it('explains itself in --help, with examples, and is listed by stockwire --help', async () => {
    const help = await replenish('--help');
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage: stockwire replenish [options]');
    expect(help.stdout).toContain('$ stockwire replenish --csv > reorder.csv');
    expect(help.stdout).toContain('Exit codes: 0 done, 1 the configuration has problems');
    const overview = capturedIo(root);
    expect(await runCli(['--help'], overview)).toBe(0);
    expect(overview.stdoutText()).toMatch(/\n {2}replenish \[options\] +suggest what to reorder per SKU × location/);
  });
});
