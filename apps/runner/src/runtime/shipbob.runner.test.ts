import { setTimeout as sleep } from 'node:timers/promises';
import { useRedisServer } from '@stockwire/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../http/create-http-server.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { Runner } from './create-runner.ts';
import {
  cicero,
  createShipBobWorld,
  type ShipBobWorld,
  shipBobEnvironment,
  shopifyNorth,
} from './shipbob-world.test-helpers.ts';

const redis = useRedisServer();
const dayMs = 86_400_000;
const runners: Runner[] = [];
let app: FastifyInstance | undefined;
let installation: ShipBobWorld | undefined;
afterEach(async () => {
  await app?.close();
  for (const runner of runners.splice(0)) await runner.close();
  await installation?.close();
  app = installation = undefined;
});

async function startRunner(world: ShipBobWorld): Promise<Runner> {
  const runner = await startInProcessRunner(world.world, redis.url, {
    options: { keyPrefix: world.keyPrefix },
    environment: world.environment,
  });
  runners.push(runner);
  return runner;
}

/** What Shopify shows for a SKU at the location channel `store` publishes to: `available` and the variant's policy. */
function shownOnShopify(world: ShipBobWorld, sku: string) {
  const shopify = world.shopify;
  const itemId = shopify?.itemIdOf(sku);
  if (shopify === undefined || itemId === undefined) throw new Error(`Shopify has no item ${sku}`);
  return {
    available: shopify.level(itemId, shopifyNorth)?.available,
    inventoryPolicy: shopify.state.items.get(itemId)?.inventoryPolicy,
  };
}

/** A Shopify variant stocked (at 0) at the location the channel publishes to, as a store that sells it has. */
function stockOnShopify(world: ShipBobWorld, sku: string) {
  const itemId = world.shopify?.addInventoryItem(sku);
  if (itemId !== undefined) world.shopify?.setLevel(itemId, shopifyNorth, { available: 0, on_hand: 0 });
}

const describeState = (world: ShipBobWorld, runner: Runner, sku: string) => async () =>
  JSON.stringify({
    engine: await runner.engine.quantities(sku, 'fc-cicero'),
    store: await runner.engine.status(sku, 'store'),
    shopify: shownOnShopify(world, sku),
    shipBobCalls: world.shipBob.calls.slice(-6).map((call) => [call.method, call.path, call.status]),
    letters: (await runner.deadLetters.list()).slice(0, 3),
  });

describe('a ShipBob fulfilment centre published on Shopify (issue 17)', () => {
  it('shows a receiving order as incoming and preorder, then as stock on Shopify once received', async () => {
    installation = await createShipBobWorld({ skus: ['TEE-BLUE-M'], shopify: true, preorderSkus: ['TEE-BLUE-M'] });
    const { shipBob } = installation;
    const tee = shipBob.addItem('TEE-BLUE-M');
    shipBob.setLevel(tee, cicero, { on_hand_quantity: 0 });
    stockOnShopify(installation, 'TEE-BLUE-M');
    shipBob.addReceivingOrder({
      fulfillmentCenter: cicero,
      lines: [{ inventoryId: tee, quantity: 12 }],
      arrivesInMs: 2 * dayMs,
      completesInMs: 3 * dayMs,
    });
    const runner = await startRunner(installation);
    const describeLast = describeState(installation, runner, 'TEE-BLUE-M');

    await waitUntil(
      'the receiving order to show as incoming and the store to sell it as a preorder',
      async () => {
        const incoming = (await runner.engine.quantities('TEE-BLUE-M', 'fc-cicero')).incoming;
        const shown = shownOnShopify(installation as ShipBobWorld, 'TEE-BLUE-M');
        return incoming === 12 && shown.available === 12 && shown.inventoryPolicy === 'CONTINUE' ? true : undefined;
      },
      { describeLast },
    );
    expect(await runner.engine.quantities('TEE-BLUE-M', 'fc-cicero')).toMatchObject({ onHand: 0, incoming: 12 });
    expect((await runner.engine.status('TEE-BLUE-M', 'store')).computed).toMatchObject({
      quantity: 12,
      status: 'preorder',
    });

    // Three days on (by ShipBob's clock; ours does not move), the order was received and stowed a minute ago: the
    // units are on hand and nothing is incoming any more. The receipt and the level both say so: 12, not 24.
    shipBob.clock.advance(3 * dayMs + 60_000);
    await waitUntil(
      'the received units to show as stock on Shopify',
      async () => {
        const quantities = await runner.engine.quantities('TEE-BLUE-M', 'fc-cicero');
        const shown = shownOnShopify(installation as ShipBobWorld, 'TEE-BLUE-M');
        const settled = quantities.incoming === 0 && shown.available === 12 && shown.inventoryPolicy === 'DENY';
        return settled ? quantities : undefined;
      },
      { describeLast },
    );
    // A few more polls change nothing: the receipt and the level that holds it are the same 12 units.
    const polled = shipBob.calls.length;
    await waitUntil('two more poll rounds', () => (shipBob.calls.length >= polled + 4 ? true : undefined));
    expect(await runner.engine.quantities('TEE-BLUE-M', 'fc-cicero')).toMatchObject({ onHand: 12, incoming: 0 });
    expect((await runner.engine.status('TEE-BLUE-M', 'store')).computed).toMatchObject({
      quantity: 12,
      status: 'in-stock',
    });
    expect(shownOnShopify(installation, 'TEE-BLUE-M')).toEqual({ available: 12, inventoryPolicy: 'DENY' });
    expect(await runner.deadLetters.count()).toBe(0);
  }, 50_000);

  it('lowers Shopify by a shipment, delivered as a signed order.shipped webhook (and by the next level poll)', async () => {
    installation = await createShipBobWorld({ skus: ['MUG-WHITE'], shopify: true });
    const { shipBob } = installation;
    const mug = shipBob.addItem('MUG-WHITE');
    shipBob.setLevel(mug, cicero, { on_hand_quantity: 20 });
    stockOnShopify(installation, 'MUG-WHITE');
    const runner = await startRunner(installation);
    app = await createHttpServer({ runner, adminToken: 'admin-token-for-shipbob-runner-7c2d' });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const describeLast = describeState(installation, runner, 'MUG-WHITE');
    await waitUntil(
      'Shopify to show the 20 mugs ShipBob holds',
      () => (shownOnShopify(installation as ShipBobWorld, 'MUG-WHITE').available === 20 ? true : undefined),
      { describeLast },
    );

    shipBob.webhooks.subscribe({
      target: `${base}/webhooks/shipbob`,
      secret: installation.environment[shipBobEnvironment.webhookSecret] ?? '',
    });
    const shipped = await shipBob.shipOrder({
      fulfillmentCenter: cicero,
      referenceId: 'shopify-order-1001',
      lines: [{ inventoryId: mug, quantity: 3 }],
    });
    expect(shipped.delivery?.outcome).toBe('delivered');
    const answers = shipBob.webhooks.deliverer.attempts.map((attempt) => attempt.status);
    expect(answers).toEqual([200]);
    // The same delivery again (ShipBob retries with the same webhook-id): it must not ship the mugs twice.
    await shipBob.webhooks.deliverer.deliver(shipped.shipment, {
      id: shipped.delivery?.id ?? '',
      headers: { 'x-webhook-topic': 'order.shipped' },
    });

    await waitUntil(
      'Shopify to show 17 after 3 of 20 shipped',
      () => (shownOnShopify(installation as ShipBobWorld, 'MUG-WHITE').available === 17 ? true : undefined),
      { describeLast },
    );
    const polled = shipBob.calls.length;
    await waitUntil('two more poll rounds', () => (shipBob.calls.length >= polled + 4 ? true : undefined));
    expect(await runner.engine.quantities('MUG-WHITE', 'fc-cicero')).toMatchObject({ onHand: 17 });
    expect(shownOnShopify(installation, 'MUG-WHITE').available).toBe(17);
    expect(await runner.deadLetters.count()).toBe(0);
  }, 50_000);
});

describe('two runners polling one ShipBob account (issue 17)', () => {
  it('never send ShipBob more than 150 requests in a minute together, while wanting far more', async () => {
    // 200 items read one per page: one poll round needs 201 requests, more than a whole window allows, and the
    // runners poll again at once while a round has more (and every second besides).
    const skus = Array.from({ length: 200 }, (_, index) => `SKU-${String(index + 1).padStart(3, '0')}`);
    installation = await createShipBobWorld({ skus, shopify: false, pageSize: 1 });
    const { shipBob } = installation;
    for (const sku of skus) shipBob.setLevel(shipBob.addItem(sku), cicero, { on_hand_quantity: 5 });
    const both = [await startRunner(installation), await startRunner(installation)];
    // Long enough for unlimited polling to pass a window's worth many times over; shorter than one window, so
    // every call of the run falls in one 60-second window and must fit in its 150.
    await sleep(25_000);
    const lastItem = await both[0]?.engine.quantities('SKU-200', 'fc-cicero');
    const metrics = await Promise.all(both.map((runner) => runner.metrics.registry.metrics()));
    for (const runner of both) await runner.close();

    const calls = shipBob.calls;
    expect(
      calls.filter((call) => call.status === 429),
      'answers ShipBob refused (its sliding window)',
    ).toEqual([]);
    expect(shipBob.maxCallsInWindow(60_000)).toBeLessThanOrEqual(150);
    // The limiter, not a lack of work, held them back: beyond the bucket's burst, yet the first round (201
    // requests) is unfinished, so the last item's level was never read, though both runners kept asking.
    expect(calls.length).toBeGreaterThan(15);
    expect(calls.length).toBeLessThan(201);
    expect(lastItem).toMatchObject({ onHand: 0 });
    for (const [index, text] of metrics.entries()) {
      expect(text, `runner ${index + 1} polled ShipBob`).toMatch(
        /stockwire_api_calls_total\{connection="shipbob",operation="pullChanges",outcome="ok"\} [1-9]/,
      );
    }
  }, 60_000);
});
