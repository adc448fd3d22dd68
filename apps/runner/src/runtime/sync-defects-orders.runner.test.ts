import { createHmac, randomUUID } from 'node:crypto';
import { adjustmentFileText } from '@stockwire/connector-file/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld, publishedOnWeb, type SyncWorld } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { Runner } from './create-runner.ts';

// Issue #13, order routing where a user meets it: `allowSplit` set per channel in the configuration, for Shopify
// online orders Stockwire routes (no location on the order), through a runner in this process and real Redis.

const redis = useRedisServer();
const apiSecret = 'shpss_sync-defects-orders-secret';
let world: SyncWorld;
let runner: Runner;
// Relative to the test's clock: the engine refuses relative changes (holds too) older than its settle horizon.
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

beforeAll(async () => {
  const plain = await createSyncWorld();
  const configuration = StockwireConfigurationSchema.parse({
    ...plain.configuration,
    locations: [
      { id: 'wh-1', kind: 'warehouse', priority: 1 },
      { id: 'wh-2', kind: 'warehouse', priority: 2 },
    ],
    connections: {
      ...plain.configuration.connections,
      shopify: {
        connector: 'shopify',
        settings: {
          shop: 'wholesale.myshopify.com',
          accessToken: { env: 'SHOPIFY_ACCESS_TOKEN' },
          apiSecretKey: { env: 'SHOPIFY_API_SECRET' },
        },
      },
    },
    authority: [
      { connections: ['shopify'], states: ['committed'] },
      { connections: ['wms'], states: '*' },
    ],
    // The wholesale store ships each order in one parcel: a line is never held over two warehouses. Its numbers
    // are not pushed here (no Shopify to push to): the orders are what this test is about.
    channels: [
      ...plain.configuration.channels,
      { id: 'wholesale', connection: 'shopify', locations: ['wh-1', 'wh-2'], allowSplit: false, publish: false },
    ],
  });
  world = { ...plain, configuration };
  runner = await startInProcessRunner(world, redis.url, {
    options: { keyPrefix: `sync-defects-orders-${randomUUID()}` },
    environment: { SHOPIFY_ACCESS_TOKEN: 'shpat_test-token', SHOPIFY_API_SECRET: apiSecret },
  });
  // wh-1 (first by priority) has 3, wh-2 has 6: a line of 4 would split 3 + 1 if it could.
  await world.wms.dropInboxFile(
    'adjust-0001.csv',
    adjustmentFileText([
      { id: 'c1', sku: 'SKU-C', location: 'WH1', change: 3, reason: 'found', occurred_at: minutesAgo(30) },
      { id: 'c2', sku: 'SKU-C', location: 'WH2', change: 6, reason: 'found', occurred_at: minutesAgo(30) },
    ]),
  );
  await webShows(9);
}, 30_000);
afterAll(async () => {
  await runner?.close();
});

const webShows = (quantity: number) =>
  waitUntil(`web to show SKU-C ${quantity}`, async () =>
    (await publishedOnWeb(world))['SKU-C'] === quantity ? true : undefined,
  );
const committedAt = async (location: string) => (await runner.engine.quantities('SKU-C', location)).committed;

/** A Shopify online order with no `location_id`, signed as Shopify signs webhooks, accepted by the runner. */
async function deliverOrder(topic: string, id: string, fields: string) {
  const body =
    `{"id": ${id}, "created_at": "${minutesAgo(5)}", "updated_at": "${minutesAgo(5)}", "financial_status": "paid",` +
    ` "location_id": null, ${fields} "line_items": [{"id": ${id}1, "sku": "SKU-C", "quantity": 4}]}`;
  const acceptance = await runner.acceptWebhook('shopify', {
    headers: {
      'X-Shopify-Topic': topic,
      'X-Shopify-Hmac-Sha256': createHmac('sha256', apiSecret).update(body).digest('base64'),
      'X-Shopify-Shop-Domain': 'wholesale.myshopify.com',
      'X-Shopify-Event-Id': randomUUID(),
      'X-Shopify-Triggered-At': new Date().toISOString(),
    },
    rawBody: Buffer.from(body),
    receivedAt: new Date().toISOString(),
  });
  expect(acceptance).toEqual({ outcome: 'accepted' });
}

describe('allowSplit per channel (#13, order routing)', () => {
  it('holds a line of a no-split channel whole at the one warehouse that has all of it, and releases it whole', async () => {
    await deliverOrder('orders/create', '7001', '"cancelled_at": null,');
    await webShows(5);
    const decision = await runner.engine.orderDecision('shopify', '7001');
    // Not 3 at wh-1 and 1 at wh-2 (what a channel that splits would hold): all 4 at wh-2.
    expect(decision?.allocations).toEqual([{ lineReference: '70011', sku: 'SKU-C', location: 'wh-2', quantity: 4 }]);
    expect(decision?.reason).toMatch(/^whole order from wh-2/);
    expect(await committedAt('wh-1')).toBe(0);
    expect(await committedAt('wh-2')).toBe(4);

    await deliverOrder('orders/cancelled', '7001', `"cancelled_at": "${minutesAgo(1)}",`);
    await webShows(9);
    expect(await committedAt('wh-2')).toBe(0);
    expect(await runner.deadLetters.count()).toBe(0);
  }, 30_000);
});
