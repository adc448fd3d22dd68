import { randomUUID } from 'node:crypto';
import { adjustmentFileText } from '@stockwire/connector-file/sandbox';
import { useRedisServer } from '@stockwire/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../http/create-http-server.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { Runner } from './create-runner.ts';
import {
  amazonMarketplace,
  createEbayWorld,
  type EbayWorld,
  ebayBulkUpdates,
  ebaySkus,
  ebayWarehouse,
  sharedSku,
  shopifyAvailable,
} from './ebay-world.test-helpers.ts';

const redis = useRedisServer();
let world: EbayWorld | undefined;
let runner: Runner | undefined;
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  await runner?.close();
  await world?.close();
  app = runner = world = undefined;
});

/** The SKU eBay refuses (its listing ended): the other 24 of the same call must still be written. */
const refusedSku = 'SKU-E07';

async function describeWorld(): Promise<string> {
  return JSON.stringify({
    ebay: world === undefined ? undefined : ebaySkus.map((sku) => world?.ebay.locationQuantity(sku, ebayWarehouse)),
    bulkUpdates: world === undefined ? undefined : ebayBulkUpdates(world.ebay).map((call) => call.status),
    shopify: world === undefined ? undefined : shopifyAvailable(world),
    amazon: world?.amazon.listingQuantity(amazonMarketplace, sharedSku),
    engine: await runner?.engine.quantities(sharedSku, 'wh-1'),
    letters: (await runner?.deadLetters.list())?.map((letter) => [letter.kind, letter.reason.slice(0, 160)]),
  });
}

describe('an eBay store beside Shopify and Amazon (#24)', () => {
  it('a warehouse receipt raises eBay (one refused SKU of 25 leaves 24 written); an eBay order lowers Shopify and Amazon', async () => {
    world = await createEbayWorld();
    const current = world;
    current.ebay.refuseSku(refusedSku);
    runner = await startInProcessRunner(current.world, redis.url, {
      options: { keyPrefix: `ebay-${randomUUID()}` },
      environment: current.environment,
    });
    const started = runner;
    app = await createHttpServer({ runner: started, adminToken: 'admin-token-for-ebay-world-5b1e' });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });

    // The WMS receives 10 of every SKU into WH1 (wh-1): eBay is raised in one bulk call of 25.
    await current.world.wms.dropInboxFile(
      'adjust-0001.csv',
      adjustmentFileText(
        ebaySkus.map((sku, index) => ({
          id: `r${index}`,
          sku: sku === 'SKU-A' ? 'W-A' : sku,
          location: 'WH1',
          change: 10,
          reason: 'found',
          occurred_at: new Date().toISOString(),
        })),
      ),
    );
    const written = ebaySkus.filter((sku) => sku !== refusedSku);
    await waitUntil(
      'eBay to show 10 of the 24 SKUs it accepts, Shopify and Amazon 10 of the shared one',
      () =>
        written.every((sku) => current.ebay.locationQuantity(sku, ebayWarehouse) === 10) &&
        shopifyAvailable(current) === 10 &&
        current.amazon.listingQuantity(amazonMarketplace, sharedSku) === 10
          ? true
          : undefined,
      { describeLast: describeWorld, timeoutMs: 25_000 },
    );
    expect(current.ebay.locationQuantity(refusedSku, ebayWarehouse)).toBe(0);
    const full = ebayBulkUpdates(current.ebay).find((call) => call.skus.length === 25);
    expect(full, await describeWorld()).toBeDefined();
    expect(full?.status).toBe(207);
    expect(full?.answers.filter(([, status]) => status === 200)).toHaveLength(24);
    expect(full?.answers.filter(([, status]) => status !== 200)).toEqual([[refusedSku, 400]]);
    await waitUntil(
      'the refused SKU to be dead-lettered',
      async () =>
        (await started.deadLetters.list()).find(
          (letter) => letter.kind === 'push-item-failed' && JSON.stringify(letter).includes(refusedSku),
        ),
      { describeLast: describeWorld },
    );

    // A buyer takes 2 on eBay (eBay lowers its own listing), and eBay notifies the runner.
    const orderId = current.ebay.placeOrder({ lines: [{ sku: sharedSku, quantity: 2 }] });
    const delivery = current.ebay.orderConfirmation(orderId);
    const answer = await fetch(`${base}/webhooks/ebay`, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.rawBody,
    });
    expect(answer.status).toBe(200);
    await waitUntil(
      'Shopify and Amazon to show 8 after the eBay order',
      () =>
        shopifyAvailable(current) === 8 && current.amazon.listingQuantity(amazonMarketplace, sharedSku) === 8
          ? true
          : undefined,
      { describeLast: describeWorld, timeoutMs: 25_000 },
    );
    expect(await started.engine.quantities(sharedSku, 'wh-1')).toMatchObject({ onHand: 10, committed: 2 });
    expect(current.ebay.locationQuantity(sharedSku, ebayWarehouse)).toBe(8);
    const metrics = await started.metrics.registry.metrics();
    expect(metrics).toMatch(/stockwire_webhooks_total\{connection="ebay",outcome="ingested"\} 1\n/);
    const letters = await started.deadLetters.list();
    expect(letters.map((letter) => letter.kind)).toEqual(['push-item-failed']);
  }, 60_000);
});
