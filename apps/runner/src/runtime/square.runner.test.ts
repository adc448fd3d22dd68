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
  createSquareStoreWorld,
  type SquareStoreWorld,
  shopifyAvailable,
  squareBackRoom,
  squareShelf,
  squareWrittenLocations,
  storeSku,
} from './square-store.test-helpers.ts';

const redis = useRedisServer();
let store: SquareStoreWorld | undefined;
let runner: Runner | undefined;
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  await runner?.close();
  await store?.close();
  app = runner = store = undefined;
});

/** What every system shows for the store's SKU, for a timeout's message. */
async function describeStore(): Promise<string> {
  return JSON.stringify({
    shopify: store === undefined ? undefined : shopifyAvailable(store),
    amazon: store?.amazon.listingQuantity(amazonMarketplace, storeSku),
    squareShelf: store?.square.count(store.squareVariation, squareShelf),
    squareBackRoom: store?.square.count(store.squareVariation, squareBackRoom),
    engine: await runner?.engine.quantities(storeSku, 'store-1'),
    letters: await runner?.deadLetters.list(),
  });
}

describe('a Square store beside Shopify and Amazon (#18)', () => {
  it('a counter sale lowers the SKU online; an ERP restock raises the store count in Square, never its shelf', async () => {
    store = await createSquareStoreWorld(10);
    const current = store;
    runner = await startInProcessRunner(current.world, redis.url, {
      options: { keyPrefix: `square-store-${randomUUID()}` },
      environment: current.environment,
    });
    const started = runner;
    app = await createHttpServer({ runner: started, adminToken: 'admin-token-for-square-store-7c2d' });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });

    // Square is the authority for its shelf: a reconciliation loads the 10 units and both channels show them.
    const loaded = await started.reconcile('square');
    expect(loaded.loaded).toBeGreaterThan(0);
    await waitUntil(
      'Shopify and Amazon to show the shelf’s 10',
      () =>
        shopifyAvailable(current) === 10 && current.amazon.listingQuantity(amazonMarketplace, storeSku) === 10
          ? true
          : undefined,
      { describeLast: describeStore },
    );

    // A counter sale of 2: Square's own decrement (IN_STOCK → SOLD) in its changes feed, and its signed webhook.
    current.square.adjust({
      variationId: current.squareVariation,
      locationId: squareShelf,
      from: 'IN_STOCK',
      to: 'SOLD',
      quantity: '2',
    });
    expect(current.square.count(current.squareVariation, squareShelf)).toBe('8');
    const delivery = current.square.webhook(
      current.square.countUpdatedEvent([{ variationId: current.squareVariation, locationId: squareShelf }]),
    );
    const answer = await fetch(`${base}/webhooks/square`, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.rawBody,
    });
    expect(answer.status).toBe(200);

    await waitUntil(
      'Shopify and Amazon to show 8 after the counter sale',
      () =>
        shopifyAvailable(current) === 8 && current.amazon.listingQuantity(amazonMarketplace, storeSku) === 8
          ? true
          : undefined,
      { describeLast: describeStore, timeoutMs: 25_000 },
    );
    expect(await started.engine.quantities(storeSku, 'store-1')).toMatchObject({ onHand: 8 });

    // The ERP receives 6 into the store's back room: Square's back-room count rises to 6.
    await current.world.wms.dropInboxFile(
      'adjust-0001.csv',
      adjustmentFileText([
        {
          id: 'r1',
          sku: storeSku,
          location: 'BACK',
          change: 6,
          reason: 'found',
          occurred_at: new Date().toISOString(),
        },
      ]),
    );
    await waitUntil(
      'Square’s back room to count 6',
      () => (current.square.count(current.squareVariation, squareBackRoom) === '6' ? true : undefined),
      { describeLast: describeStore, timeoutMs: 25_000 },
    );

    // The shelf Square owns was never written: it still counts what Square's own sale left, and no change named it.
    expect(current.square.count(current.squareVariation, squareShelf)).toBe('8');
    expect(squareWrittenLocations(current.square)).toEqual([squareBackRoom]);
    // The restock went to the back room only: the channels selling the shelf still show 8.
    expect(shopifyAvailable(current)).toBe(8);
    expect(current.amazon.listingQuantity(amazonMarketplace, storeSku)).toBe(8);
    const metrics = await started.metrics.registry.metrics();
    expect(metrics).toMatch(/stockwire_webhooks_total\{connection="square",outcome="ingested"\} 1\n/);
    expect(await started.deadLetters.list()).toEqual([]);
  }, 60_000);
});
