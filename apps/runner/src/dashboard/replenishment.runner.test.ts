import { readFile, writeFile } from 'node:fs/promises';
import { adjustmentFileText } from '@stockwire/connector-file/sandbox';
import type { ReplenishmentSuggestion } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunnerProcess, startRunnerProcess } from '../test-support/runner-process.ts';
import { createSyncWorld, fixtureSecret, fixtureSecretVariable, type SyncWorld } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import {
  type FixtureVendor,
  fixtureWebhookHeaders,
  startFixtureVendor,
} from '../test-support/webhook-fixture-connector/fixture-vendor.ts';

// Issue #21: `GET /admin/replenishment` through `stockwire run`, with stock from the WMS inbox and sales from the
// web store's order webhooks — the runner's real paths — and every figure worked out by hand below.

const redis = useRedisServer();
const adminToken = 'replenishment-token-for-tests-4d2a';
const dayMs = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * dayMs).toISOString();
let world: SyncWorld;
let runner: RunnerProcess;
let vendor: FixtureVendor;

// Suppliers deliver to wh-1 only. acme supplies everything in cases of 6; SKU-B comes in cases of 10.
const replenishmentYaml = `replenishment:
  velocityWindowDays: 10
  locations: [wh-1]
  suppliers:
    - { id: acme, leadTimeDays: 4, packSize: 6, safetyStock: 3, orderCoverDays: 5, default: true }
  overrides:
    - { skus: [SKU-B], packSize: 10 }
`;

interface ReplenishmentAnswer {
  readonly configured: boolean;
  readonly windowDays: number;
  readonly suggestions: readonly ReplenishmentSuggestion[];
  readonly skusWithoutSupplier: readonly string[];
}

const readReplenishment = async (token?: string) =>
  fetch(`${runner.url}/admin/replenishment`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });

/** What the test last saw: the answer and the runner's last log lines. */
const describeLast = async () =>
  `${await (await readReplenishment(adminToken)).text()}\n${runner.output().split('\n').slice(-8).join('\n')}`;

async function placeOrder(id: string, sku: string, quantity: number, daysAgo: number) {
  const body = JSON.stringify({
    orders: [{ id, status: 'placed', occurredAt: ago(daysAgo), lines: [{ id: '1', sku, quantity }] }],
  });
  const headers = fixtureWebhookHeaders(body, fixtureSecret, `delivery-${id}`);
  const answer = await fetch(`${runner.url}/webhooks/hooks`, { method: 'POST', body, headers });
  expect(answer.status).toBe(200);
}

beforeAll(async () => {
  // The web store publishes channel `market`: only a selling connection's orders are sales.
  vendor = await startFixtureVendor();
  world = await createSyncWorld({ hooks: { vendorUrl: vendor.url } });
  await writeFile(world.configurationFile, `${await readFile(world.configurationFile, 'utf8')}${replenishmentYaml}`);
  runner = await startRunnerProcess({
    configurationFile: world.configurationFile,
    redisUrl: redis.url,
    environment: {
      [fixtureSecretVariable]: fixtureSecret,
      STOCKWIRE_ADMIN_TOKEN: adminToken,
      // The WMS inbox is polled every second, so its counts land within the test's timeouts.
      STOCKWIRE_POLL_INTERVAL_SECONDS: '1',
      STOCKWIRE_RECONCILE_INTERVAL_SECONDS: '0',
    },
  });
}, 60_000);
afterAll(async () => {
  await runner?.stop('SIGTERM');
  await vendor?.close();
});

describe('GET /admin/replenishment, through stockwire run (#21)', () => {
  it('refuses a request without the admin token', async () => {
    expect((await readReplenishment()).status).toBe(401);
    expect((await readReplenishment('not-the-token')).status).toBe(401);
  });

  it('suggests from the live stock and the sales the runner recorded, in whole packs', async () => {
    // The WMS counts 15 of SKU-A (it calls it W-A) and 100 of SKU-B at WH1 (wh-1), nine days ago.
    await world.wms.dropInboxFile(
      'adjust-0001.csv',
      adjustmentFileText([
        { id: 'a1', sku: 'W-A', location: 'WH1', change: 15, reason: 'found', occurred_at: ago(9) },
        { id: 'b1', sku: 'SKU-B', location: 'WH1', change: 100, reason: 'found', occurred_at: ago(9) },
      ]),
    );
    await waitUntil(
      'the WMS counts to be applied',
      async () => {
        const answer = (await (await readReplenishment(adminToken)).json()) as ReplenishmentAnswer;
        const counted = answer.suggestions.find((row) => row.sku === 'SKU-B')?.available === 100;
        return counted ? true : undefined;
      },
      { describeLast },
    );
    // Sales within the 10-day window: SKU-A 4 + 6 = 10 units, SKU-B 4 units.
    await Promise.all([
      placeOrder('o-1', 'SKU-A', 4, 6),
      placeOrder('o-2', 'SKU-A', 6, 2),
      placeOrder('o-3', 'SKU-B', 4, 3),
    ]);
    const answer = await waitUntil(
      'the three orders to be counted',
      async () => {
        const read = (await (await readReplenishment(adminToken)).json()) as ReplenishmentAnswer;
        const sold = read.suggestions.reduce((total, suggestion) => total + suggestion.unitsSold, 0);
        return sold === 14 ? read : undefined;
      },
      { timeoutMs: 20_000, describeLast },
    );

    expect(answer.configured).toBe(true);
    expect(answer.windowDays).toBe(10);
    // Every SKU falls to the default supplier, at wh-1 only (wh-2 is not supplied), in configuration order.
    expect(answer.skusWithoutSupplier).toEqual([]);
    expect(answer.suggestions.map((row) => [row.sku, row.location])).toEqual([
      ['SKU-A', 'wh-1'],
      ['SKU-B', 'wh-1'],
      ['SKU-C', 'wh-1'],
      ['SKU-D', 'wh-1'],
    ]);
    // SKU-A: 10 sold / 10 days = 1 a day; 15 − 10 held = 5 sellable, 5 days of cover. Reorder point
    // ⌈1 × 4 + 3⌉ = 7 ≥ 5: due. Order up to ⌈1 × (4 + 5) + 3⌉ = 12, short by 7: 2 cases of 6 = 12.
    expect(answer.suggestions[0]).toEqual({
      sku: 'SKU-A',
      location: 'wh-1',
      supplier: 'acme',
      unitsSold: 10,
      windowDays: 10,
      velocityPerDay: 1,
      available: 5,
      onOrder: 0,
      position: 5,
      daysOfCover: 5,
      leadTimeDays: 4,
      safetyStock: 3,
      reorderPoint: 7,
      orderUpTo: 12,
      packSize: 6,
      suggestedQuantity: 12,
      packs: 2,
    });
    // SKU-B: 4 sold / 10 days = 0.4 a day; 96 sellable last 240 days. Reorder point ⌈0.4 × 4 + 3⌉ = 5 < 96: nothing
    // due. Order up to ⌈0.4 × 9 + 3⌉ = 7. Its override sets cases of 10.
    expect(answer.suggestions[1]).toMatchObject({
      sku: 'SKU-B',
      unitsSold: 4,
      available: 96,
      reorderPoint: 5,
      orderUpTo: 7,
      packSize: 10,
      suggestedQuantity: 0,
      packs: 0,
    });
    expect(answer.suggestions[1]?.velocityPerDay).toBeCloseTo(0.4, 12);
    expect(answer.suggestions[1]?.daysOfCover).toBeCloseTo(240, 9);
    // SKU-C and SKU-D: nothing in stock, nothing sold. The reorder point is the safety stock alone, 3 ≥ 0: due, up
    // to 3, one case of 6.
    for (const row of answer.suggestions.slice(2)) {
      expect(row).toMatchObject({ unitsSold: 0, daysOfCover: null, position: 0, reorderPoint: 3, orderUpTo: 3 });
      expect([row.suggestedQuantity, row.packs]).toEqual([6, 1]);
    }
  });
});
