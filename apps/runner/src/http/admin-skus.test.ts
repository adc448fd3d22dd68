import { adjustmentFileText } from '@stockwire/connector-file/sandbox';
import { useRedisServer } from '@stockwire/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SkuLedgerView } from '../observability/sku-ledger.ts';
import type { Runner } from '../runtime/create-runner.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import {
  createSyncWorld,
  fixtureSecret,
  fixtureSecretVariable,
  publishedOnWeb,
  type SyncWorld,
} from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import {
  type FixtureVendor,
  fixtureWebhookHeaders,
  startFixtureVendor,
} from '../test-support/webhook-fixture-connector/fixture-vendor.ts';
import { createHttpServer } from './create-http-server.ts';

const redis = useRedisServer();
const adminToken = 'admin-token-for-sku-ledger-tests-81c2';
let vendor: FixtureVendor;
let world: SyncWorld;
let runner: Runner;
let app: FastifyInstance;
let base: string;
// Relative to now: the engine refuses relative changes older than its settle horizon, so fixed dates would rot.
const countedAt = new Date(Date.now() - 10 * 60_000).toISOString();
const foundAt = new Date(Date.now() - 5 * 60_000).toISOString();

const admin = (path: string, headers: Record<string, string> = { authorization: `Bearer ${adminToken}` }) =>
  fetch(`${base}${path}`, { headers });

beforeAll(async () => {
  vendor = await startFixtureVendor();
  world = await createSyncWorld({ hooks: { vendorUrl: vendor.url } });
  runner = await startInProcessRunner(world, redis.url, { environment: { [fixtureSecretVariable]: fixtureSecret } });
  app = await createHttpServer({ runner, adminToken });
  base = await app.listen({ port: 0, host: '127.0.0.1' });

  // The WMS reports 7 found at WH1 (W-A is its name for SKU-A), then the marketplace's webhook 2 more at L1.
  await world.wms.dropInboxFile(
    'adjust-1.csv',
    adjustmentFileText([
      { id: 'a1', sku: 'W-A', location: 'WH1', change: 7, reason: 'found', occurred_at: countedAt },
      { id: 'b1', sku: 'SKU-B', location: 'WH2', change: 4, reason: 'found', occurred_at: countedAt },
    ]),
  );
  await waitUntil('web to show SKU-A 7', async () => ((await publishedOnWeb(world))['SKU-A'] === 7 ? true : undefined));
  const body = JSON.stringify({
    adjustments: [{ id: 'hook-9', sku: 'SKU-A', location: 'L1', change: 2, reason: 'found', occurredAt: foundAt }],
  });
  const delivered = await fetch(`${base}/webhooks/hooks`, {
    method: 'POST',
    body,
    headers: fixtureWebhookHeaders(body, fixtureSecret, 'delivery-9'),
  });
  expect(delivered.status).toBe(200);
  await waitUntil('web to show SKU-A 9', async () => ((await publishedOnWeb(world))['SKU-A'] === 9 ? true : undefined));
  await waitUntil('the market to show SKU-A 9', () =>
    vendor.pushedItems().some((item) => item.sku === 'SKU-A' && item.quantity === 9) ? true : undefined,
  );
}, 60_000);

afterAll(async () => {
  await app?.close();
  await runner?.close();
  await vendor?.close();
});

describe('GET /admin/skus/:sku', () => {
  it('shows positions by state, each channel’s values and the last updates with the system that sent them', async () => {
    const response = await admin('/admin/skus/SKU-A');
    expect(response.status).toBe(200);
    const view = (await response.json()) as SkuLedgerView;

    expect(view.sku).toBe('SKU-A');
    expect(
      view.positions.map(({ location, quantities }) => [location, quantities.onHand, quantities.committed]),
    ).toEqual([
      ['wh-1', 9, 0],
      ['wh-2', 0, 0],
    ]);
    // Newest first: the marketplace's webhook sent the last valid update, the WMS the one before.
    expect(view.updates).toEqual([
      expect.objectContaining({
        source: 'hooks',
        kind: 'adjustment',
        location: 'wh-1',
        occurredAt: foundAt,
        outcome: 'applied',
        detail: expect.objectContaining({ change: 2, reason: 'found' }),
      }),
      expect.objectContaining({
        source: 'wms',
        idempotencyKey: 'wms/a1',
        kind: 'adjustment',
        location: 'wh-1',
        occurredAt: countedAt,
        detail: expect.objectContaining({ change: 7 }),
      }),
    ]);
    expect(view.updates[0]?.idempotencyKey).toContain('hook-9');
    expect(Date.parse(view.updates[0]?.appliedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(view.updates[1]?.appliedAt ?? ''),
    );
    expect(view.positions[0]?.lastUpdate).toEqual(view.updates[0]);
    expect(view.positions[1]?.lastUpdate).toBeNull();

    expect(view.channels).toEqual([
      expect.objectContaining({
        channel: 'web',
        connection: 'shop',
        computed: expect.objectContaining({ quantity: 9, status: 'in-stock' }),
        pushed: expect.objectContaining({ quantity: 9, pushedAt: expect.any(String) }),
        state: 'in-sync',
      }),
      expect.objectContaining({
        channel: 'market',
        connection: 'hooks',
        pushed: expect.objectContaining({ quantity: 9 }),
        state: 'in-sync',
      }),
    ]);
  });

  it('narrows to one location and limits the updates', async () => {
    const atWarehouseTwo = (await (await admin('/admin/skus/SKU-B?location=wh-2')).json()) as SkuLedgerView;
    expect(atWarehouseTwo.positions).toEqual([
      expect.objectContaining({ location: 'wh-2', quantities: expect.objectContaining({ onHand: 4 }) }),
    ]);
    expect(atWarehouseTwo.updates.map(({ source, idempotencyKey }) => [source, idempotencyKey])).toEqual([
      ['wms', 'wms/b1'],
    ]);
    const atWarehouseOne = (await (await admin('/admin/skus/SKU-B?location=wh-1')).json()) as SkuLedgerView;
    expect(atWarehouseOne.updates).toEqual([]);
    const newestOnly = (await (await admin('/admin/skus/SKU-A?limit=1')).json()) as SkuLedgerView;
    expect(newestOnly.updates.map(({ source }) => source)).toEqual(['hooks']);
  });

  it('answers 404 for a SKU or location the configuration does not have, and 401 without the token', async () => {
    const unknownSku = await admin('/admin/skus/NOT-A-SKU');
    expect(unknownSku.status).toBe(404);
    expect(await unknownSku.json()).toEqual({ error: 'there is no SKU NOT-A-SKU in the configuration' });
    const unknownLocation = await admin('/admin/skus/SKU-A?location=wh-9');
    expect(unknownLocation.status).toBe(404);
    expect((await admin('/admin/skus/SKU-A', {})).status).toBe(401);
  });
});
