import { randomUUID } from 'node:crypto';
import { createShopifySandbox, type ShopifySandbox } from '@stockwire/connector-shopify/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../http/create-http-server.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { Runner } from './create-runner.ts';

const redis = useRedisServer();
const north = 'gid://shopify/Location/1001';
let sandbox: ShopifySandbox | undefined;
let runner: Runner | undefined;
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  await runner?.close();
  await sandbox?.close();
  app = runner = sandbox = undefined;
});

/** Shopify's inventory_levels/update payload (numeric ids, as the REST webhook sends them), observed now. */
const levelBody = (inventoryItemId: string, available: number) =>
  JSON.stringify({
    inventory_item_id: Number(inventoryItemId.split('/').pop()),
    location_id: 1001,
    available,
    updated_at: new Date().toISOString(),
    admin_graphql_api_id: `gid://shopify/InventoryLevel/1001?inventory_item_id=${inventoryItemId.split('/').pop()}`,
  });

/** A world whose web store is a Shopify sandbox (connection `shopify`, channel `store` at its north location). */
async function shopifyRunner(shopify: ShopifySandbox) {
  const world = await createSyncWorld();
  const configuration = StockwireConfigurationSchema.parse({
    ...world.configuration,
    connections: {
      ...world.configuration.connections,
      shopify: {
        connector: 'shopify',
        locations: { [north]: 'wh-1' },
        settings: shopify.connectionSettings({
          accessToken: 'SHOPIFY_ACCESS_TOKEN',
          apiSecretKey: 'SHOPIFY_API_SECRET',
        }),
      },
    },
    channels: [...world.configuration.channels, { id: 'store', connection: 'shopify', locations: ['wh-1'] }],
  });
  return await startInProcessRunner({ ...world, configuration }, redis.url, {
    options: { keyPrefix: `shopify-answer-${randomUUID()}` },
    environment: { SHOPIFY_ACCESS_TOKEN: shopify.accessToken, SHOPIFY_API_SECRET: shopify.apiSecretKey },
  });
}

describe('a signed Shopify inventory_levels/update right after a start (#13.6)', () => {
  it('is answered 200 before the Admin API is called, then ingested once the failing API recovers', async () => {
    sandbox = await createShopifySandbox();
    sandbox.addLocation(north);
    const itemId = sandbox.addInventoryItem('SKU-A');
    // Shopify sends inventory_levels/update only for a level that exists: the store stocks the item at north.
    sandbox.setLevel(itemId, north, { available: 7, on_hand: 7 });
    // The Admin API fails its next call (the catalog the parse needs to map the item id to a SKU).
    sandbox.server.faults.failNext(1, { status: 503 });
    runner = await shopifyRunner(sandbox);
    app = await createHttpServer({ runner, adminToken: 'admin-token-for-shopify-answer-4f1e' });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    sandbox.server.clearCalls();

    const webhook = sandbox.webhook('inventory_levels/update', levelBody(itemId, 7));
    const response = await fetch(`${base}/webhooks/shopify`, {
      method: 'POST',
      headers: { ...webhook.headers, 'content-type': 'application/json' },
      body: webhook.rawBody,
    });
    // Ordering, not timing: when the answer arrives, the store's API has not been asked anything yet.
    const adminCallsWhenAnswered = sandbox.server.calls.length;
    expect(response.status).toBe(200);
    expect(adminCallsWhenAnswered).toBe(0);

    // The ingest job parses it, meets the failing API, retries, and takes the level in once the API answers.
    const drift = await waitUntil(
      'the level the store shows to reach the engine',
      async () => (await runner?.engine.drifts())?.find((found) => found.sku === 'SKU-A' && found.target === 'store'),
      {
        describeLast: async () =>
          JSON.stringify({
            calls: sandbox?.server.calls.map((call) => [call.method, call.path, call.status, call.fault]),
            letters: await runner?.deadLetters.list(),
          }),
        // The retry waits for the shared limiter's estimate of the failed call's cost to refill.
        timeoutMs: 25_000,
      },
    );
    expect(drift).toMatchObject({ actual: 7, cause: 'never-pushed' });
    const calls = sandbox.server.calls;
    expect(calls.filter((call) => call.fault === 'server-error')).toHaveLength(1);
    expect(calls.some((call) => call.fault === undefined && call.status === 200)).toBe(true);
    const metrics = await runner.metrics.registry.metrics();
    expect(metrics).toMatch(/stockwire_webhooks_total\{connection="shopify",outcome="accepted"\} 1\n/);
    expect(metrics).toMatch(/stockwire_webhooks_total\{connection="shopify",outcome="ingested"\} 1\n/);
    // The engine holds none of SKU-A, so the runner heals the store to 0; no dead letter once that push settled.
    await waitUntil('the heal to reach the store', () => sandbox?.level(itemId, north)?.available === 0 || undefined, {
      describeLast: async () =>
        JSON.stringify({ level: sandbox?.level(itemId, north), letters: await runner?.deadLetters.list() }),
    });
    expect(await runner.deadLetters.count()).toBe(0);
  }, 40_000);
});

describe('a heal to a location where the Shopify store does not stock the item', () => {
  it('is a typed item failure the operator sees as a dead letter, and nothing is written', async () => {
    sandbox = await createShopifySandbox();
    sandbox.addLocation(north);
    // The item exists, but is not activated at north (a level Shopify reported before it was removed there).
    const itemId = sandbox.addInventoryItem('SKU-A');
    runner = await shopifyRunner(sandbox);
    app = await createHttpServer({ runner, adminToken: 'admin-token-for-shopify-answer-4f1e' });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });

    const webhook = sandbox.webhook('inventory_levels/update', levelBody(itemId, 7));
    const response = await fetch(`${base}/webhooks/shopify`, {
      method: 'POST',
      headers: { ...webhook.headers, 'content-type': 'application/json' },
      body: webhook.rawBody,
    });
    expect(response.status).toBe(200);

    const letters = await waitUntil(
      'the refused heal to be dead-lettered',
      async () => {
        const list = await runner?.deadLetters.list();
        return list !== undefined && list.length > 0 ? list : undefined;
      },
      { timeoutMs: 25_000 },
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      kind: 'push-item-failed',
      connection: 'shopify',
      error: { name: 'PermanentItemError', retryable: false },
      payload: { channel: 'store', sku: 'SKU-A', location: 'wh-1', quantity: 0 },
      replay: { queue: 'push' },
    });
    expect(letters[0]?.reason).toContain('ITEM_NOT_STOCKED_AT_LOCATION');
    expect(sandbox.level(itemId, north)).toBeUndefined();
  }, 40_000);
});
