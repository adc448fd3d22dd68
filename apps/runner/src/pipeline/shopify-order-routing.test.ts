import { createHmac } from 'node:crypto';
import { adjustmentFileText } from '@stockwire/connector-file/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runner } from '../runtime/create-runner.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld, publishedOnWeb, type SyncWorld } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';

/** Yesterday (UTC): inside the engine's settle horizon whenever the test runs, and always in the past. */
const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

const redis = useRedisServer();
const apiSecret = 'shpss_test-app-secret';
let world: SyncWorld;
let runner: Runner;

beforeAll(async () => {
  const plain = await createSyncWorld();
  const configuration = StockwireConfigurationSchema.parse({
    ...plain.configuration,
    locations: [
      { id: 'wh-1', kind: 'warehouse', region: 'us-east', priority: 1 },
      { id: 'wh-2', kind: 'warehouse', region: 'us-west', priority: 2 },
    ],
    connections: {
      ...plain.configuration.connections,
      shopify: {
        connector: 'shopify',
        settings: {
          shop: 'northwind.myshopify.com',
          accessToken: { env: 'SHOPIFY_ACCESS_TOKEN' },
          apiSecretKey: { env: 'SHOPIFY_API_SECRET' },
          // No onlineOrderLocation: orders without a location are routed by Stockwire.
          shippingRegions: { 'US-CA': 'us-west', US: 'us-east' },
        },
      },
    },
    // The store owns the holds of its orders; the WMS everything else.
    authority: [
      { connections: ['shopify'], states: ['committed'] },
      { connections: ['wms'], states: '*' },
    ],
  });
  world = { ...plain, configuration };
  runner = await startInProcessRunner(world, redis.url, {
    environment: { SHOPIFY_ACCESS_TOKEN: 'shpat_test-token', SHOPIFY_API_SECRET: apiSecret },
  });
  await world.wms.dropInboxFile(
    'adjust-0001.csv',
    adjustmentFileText([
      { id: 'c1', sku: 'SKU-C', location: 'WH1', change: 6, reason: 'found', occurred_at: `${day}T09:00:00Z` },
      { id: 'c2', sku: 'SKU-C', location: 'WH2', change: 6, reason: 'found', occurred_at: `${day}T09:00:00Z` },
    ]),
  );
  await webShows(12);
}, 30_000);
afterAll(async () => {
  await runner?.close();
});

const webShows = (quantity: number) =>
  waitUntil(`web to show SKU-C ${quantity}`, async () =>
    (await publishedOnWeb(world))['SKU-C'] === quantity ? true : undefined,
  );

/**
 * An online order as Shopify's REST webhooks send it (ids beyond 2^53, as in Shopify's examples), with no
 * `location_id`: Shopify has not assigned it to a location.
 */
const orderBody = (fields: string) =>
  `{"id": 5890123456789012345, "created_at": "${day}T10:00:00-05:00", "updated_at": "${day}T10:00:00-05:00",` +
  ` "financial_status": "authorized", "location_id": null, ${fields}` +
  ` "line_items": [{"id": 14120000000000000001, "sku": "SKU-C", "quantity": 4}]}`;
let event = 0;

/** Signed as Shopify signs webhooks: base64 HMAC-SHA256 of the raw body with the app's secret. */
async function deliver(topic: string, body: string, eventId = `event-${++event}`): Promise<void> {
  const acceptance = await runner.acceptWebhook('shopify', {
    headers: {
      'X-Shopify-Topic': topic,
      'X-Shopify-Hmac-Sha256': createHmac('sha256', apiSecret).update(body).digest('base64'),
      'X-Shopify-Shop-Domain': 'northwind.myshopify.com',
      'X-Shopify-Event-Id': eventId,
      'X-Shopify-Triggered-At': new Date().toISOString(),
    },
    rawBody: Buffer.from(body),
    receivedAt: new Date().toISOString(),
  });
  expect(acceptance).toEqual({ outcome: 'accepted' });
}
const committedAt = async (location: string) => (await runner.engine.quantities('SKU-C', location)).committed;

describe('a Shopify online order without a location, through the runner', () => {
  it('is held where the shipping region says, once however often Shopify sends it, and released on cancel', async () => {
    const placed = orderBody(
      '"cancelled_at": null, "shipping_address": {"country_code": "US", "province_code": "CA"},',
    );
    await deliver('orders/create', placed);
    await webShows(8);
    expect(await committedAt('wh-2')).toBe(4);
    const decision = await runner.engine.orderDecision('shopify', '5890123456789012345');
    expect(decision?.allocations).toEqual([
      { lineReference: '14120000000000000001', sku: 'SKU-C', location: 'wh-2', quantity: 4 },
    ]);
    expect(decision?.reason).toMatch(/wh-2.*region us-west first/);

    // Shopify retries a delivery it thinks failed (a new event id when it is a new attempt of the topic).
    await deliver('orders/create', placed);
    await deliver('orders/create', placed, 'event-1');
    await waitUntil('the resent order to be applied', async () =>
      (await runner.metrics.registry.metrics()).match(/stockwire_events_duplicate_total\{connection="shopify"\} 1\b/)
        ? true
        : undefined,
    );
    expect(await committedAt('wh-2')).toBe(4);

    await deliver(
      'orders/cancelled',
      orderBody(`"cancelled_at": "${day}T11:00:00-05:00", "shipping_address": {"country_code": "US"},`),
    );
    await webShows(12);
    expect(await committedAt('wh-2')).toBe(0);
    expect(await committedAt('wh-1')).toBe(0);
    expect(await runner.deadLetters.count()).toBe(0);
  });
});
