import { randomUUID } from 'node:crypto';
import { adjustmentFileText } from '@stockwire/connector-file/sandbox';
import { findFreeLoopbackPort, useRedisServer } from '@stockwire/testing';
import { signStockwireDelivery, stockwireDeliveryHeaders } from '@stockwire/vendure-plugin';
import { cancelOrder, placeShopOrder, readStockLevels } from '@stockwire/vendure-testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../http/create-http-server.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { Runner } from './create-runner.ts';
import {
  createVendureStoreWorld,
  shopifyAvailable,
  type VendureStoreWorld,
  vendureSecret,
  vendureSku,
} from './vendure-store.test-helpers.ts';

const redis = useRedisServer();
let shop: VendureStoreWorld | undefined;
let runner: Runner | undefined;
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  await runner?.close();
  await shop?.close();
  app = runner = shop = undefined;
});

async function vendureSellable(world: VendureStoreWorld): Promise<number | undefined> {
  const levels = await readStockLevels(world.store.vendure, world.store.variantId);
  const level = levels.find((entry) => entry.stockLocationId === world.store.stockLocationId);
  return level === undefined ? undefined : level.stockOnHand - level.stockAllocated;
}

describe('a real Vendure shop beside Shopify (#19)', () => {
  it('a Shop API checkout lowers Shopify through the plugin, a cancel restores it, and a runner outage loses no delivery', async () => {
    const port = await findFreeLoopbackPort();
    const origin = `http://127.0.0.1:${port}`;
    shop = await createVendureStoreWorld(origin, 0);
    const current = shop;
    const keyPrefix = `vendure-store-${randomUUID()}`;
    const start = async () => {
      runner = await startInProcessRunner(current.world, redis.url, {
        options: { keyPrefix },
        environment: current.environment,
      });
      app = await createHttpServer({ runner, adminToken: 'admin-token-for-vendure-store-3b9e' });
      await app.listen({ port, host: '127.0.0.1' });
    };
    const describeShop = async () =>
      JSON.stringify({
        shopify: shopifyAvailable(current),
        vendure: await readStockLevels(current.store.vendure, current.store.variantId),
        plugin: current.store.statistics(),
        engine: await runner?.engine.quantities(vendureSku, 'wh-1'),
        letters: await runner?.deadLetters.list(),
      });
    const bothShow = (quantity: number, what: string) =>
      waitUntil(
        what,
        async () =>
          shopifyAvailable(current) === quantity && (await vendureSellable(current)) === quantity ? true : undefined,
        { describeLast: describeShop, timeoutMs: 40_000 },
      );
    await start();

    // The ERP receives 10 at wh-1: both storefronts sell 10 (Vendure's level is written through the Admin API).
    await current.world.wms.dropInboxFile(
      'adjust-0001.csv',
      adjustmentFileText([
        {
          id: 'r1',
          sku: vendureSku,
          location: 'WH1',
          change: 10,
          reason: 'found',
          occurred_at: new Date().toISOString(),
        },
      ]),
    );
    await bothShow(10, 'Shopify and Vendure to sell 10');

    // A real checkout of 2 in Vendure: the plugin's order.placed reserves them, Shopify drops to 8.
    const order = await placeShopOrder(current.store.vendure, [{ variantId: current.store.variantId, quantity: 2 }]);
    expect(order.state).toBe('PaymentSettled');
    await bothShow(8, 'both storefronts to sell 8 after the checkout');

    // The merchant cancels it: the release gives the 2 back everywhere.
    await cancelOrder(current.store.vendure, order.id);
    await bothShow(10, 'both storefronts to sell 10 after the cancel');

    // The runner stops; two orders are placed while it is down; the plugin keeps retrying until it is back.
    await app?.close();
    await runner?.close();
    app = runner = undefined;
    const during = [
      await placeShopOrder(current.store.vendure, [{ variantId: current.store.variantId, quantity: 1 }]),
      await placeShopOrder(current.store.vendure, [{ variantId: current.store.variantId, quantity: 3 }]),
    ];
    expect(during.map((placed) => placed.state)).toEqual(['PaymentSettled', 'PaymentSettled']);
    await waitUntil('the plugin to retry against the stopped runner', () =>
      current.store.statistics().attempts > current.store.statistics().delivered ? true : undefined,
    );
    await start();
    await bothShow(6, 'both storefronts to sell 6 once the runner is back');
    expect(current.store.statistics()).toMatchObject({ dropped: 0, rejected: 0, queued: 0 });
    expect(await (runner as Runner | undefined)?.deadLetters.list()).toEqual([]);

    // A delivery signed with another secret, or signed ten minutes ago, is refused with 401 and changes nothing.
    const forged = JSON.stringify({
      id: 'order.placed:FORGED',
      topic: 'order.placed',
      occurredAt: new Date().toISOString(),
      channel: current.store.vendure.channelToken,
      order: {
        id: 'T_99',
        code: 'FORGED',
        state: 'PaymentSettled',
        lines: [{ id: 'T_99', sku: vendureSku, quantity: 5 }],
      },
    });
    const post = (secret: string, signedAt: Date) => {
      const timestamp = Math.floor(signedAt.getTime() / 1_000);
      return fetch(`${origin}/webhooks/vendure`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [stockwireDeliveryHeaders.signature]: signStockwireDelivery(secret, forged, timestamp),
          [stockwireDeliveryHeaders.timestamp]: String(timestamp),
          [stockwireDeliveryHeaders.deliveryId]: 'order.placed:FORGED',
          [stockwireDeliveryHeaders.topic]: 'order.placed',
        },
        body: forged,
      });
    };
    expect((await post('not-the-shared-secret', new Date())).status).toBe(401);
    expect((await post(vendureSecret, new Date(Date.now() - 10 * 60_000))).status).toBe(401);
    expect(shopifyAvailable(current)).toBe(6);
  }, 150_000);
});
