import { randomUUID } from 'node:crypto';
import { adjustmentFileText } from '@stockwire/connector-file/sandbox';
import { createShopifySandbox, type ShopifySandbox } from '@stockwire/connector-shopify/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { Runner } from './create-runner.ts';

const redis = useRedisServer();
const shopifyLocationNumber = '3001';
const shopifyLocation = `gid://shopify/Location/${shopifyLocationNumber}`;
const sku = 'SKU-C';
const orderId = '5001';

let shopify: ShopifySandbox | undefined;
let runner: Runner | undefined;
afterEach(async () => {
  await runner?.close();
  await shopify?.close();
  runner = shopify = undefined;
});

/** The sync world's WMS owns wh-1; Shopify sells it and holds what its orders take there. */
async function startWorld(): Promise<{
  runner: Runner;
  shopify: ShopifySandbox;
  item: string;
  wms: () => Promise<void>;
}> {
  const sandbox = await createShopifySandbox();
  shopify = sandbox;
  sandbox.addLocation(shopifyLocation);
  const item = sandbox.addInventoryItem(sku);
  sandbox.setLevel(item, shopifyLocation, { available: 0, on_hand: 0 });
  const world = await createSyncWorld();
  const configuration = StockwireConfigurationSchema.parse({
    ...world.configuration,
    connections: {
      ...world.configuration.connections,
      shopify: {
        connector: 'shopify',
        locations: { [shopifyLocation]: 'wh-1' },
        settings: sandbox.connectionSettings({
          accessToken: 'SHOPIFY_ACCESS_TOKEN',
          apiSecretKey: 'SHOPIFY_API_SECRET',
        }),
      },
    },
    authority: [{ connections: ['shopify'], states: ['committed'] }, ...world.configuration.authority],
    channels: [...world.configuration.channels, { id: 'online', connection: 'shopify', locations: ['wh-1'] }],
  });
  const started = await startInProcessRunner({ ...world, configuration }, redis.url, {
    options: { keyPrefix: `shopify-orders-edited-${randomUUID()}` },
    environment: { SHOPIFY_ACCESS_TOKEN: sandbox.accessToken, SHOPIFY_API_SECRET: sandbox.apiSecretKey },
  });
  runner = started;
  const wms = () =>
    world.wms.dropInboxFile(
      'adjust-0001.csv',
      adjustmentFileText([
        { id: 'e1', sku, location: 'WH1', change: 10, reason: 'found', occurred_at: new Date().toISOString() },
      ]),
    );
  return { runner: started, shopify: sandbox, item, wms };
}

describe('Shopify orders/edited changes the holds of an order (#13)', () => {
  it('a line lowered releases the units removed, a line added holds more, and a redelivered edit changes nothing', async () => {
    const world = await startWorld();
    const shows = () => world.shopify.level(world.item, shopifyLocation)?.available;
    const describeLast = async () =>
      JSON.stringify({
        shopify: shows(),
        engine: await world.runner.engine.quantities(sku, 'wh-1'),
        letters: await world.runner.deadLetters.list(),
      });
    const deliver = async (topic: string, body: unknown, eventId = randomUUID()) => {
      const acceptance = await world.runner.acceptWebhook(
        'shopify',
        world.shopify.webhook(topic, JSON.stringify(body), { eventId }),
      );
      expect(acceptance).toEqual({ outcome: 'accepted' });
    };
    const showsSoon = (quantity: number, what: string) =>
      waitUntil(what, () => (shows() === quantity ? true : undefined), { describeLast, timeoutMs: 20_000 });

    await world.wms();
    await showsSoon(10, 'Shopify to show the 10 the WMS found');

    // A POS order of 3 at the store's location.
    const createdAt = new Date().toISOString();
    await deliver('orders/create', {
      id: Number(orderId),
      created_at: createdAt,
      updated_at: createdAt,
      location_id: Number(shopifyLocationNumber),
      line_items: [{ id: 50011, sku, quantity: 3 }],
    });
    await showsSoon(7, 'Shopify to show 7 once the order holds 3');

    // The merchant lowers the line to 1: Shopify's order now has 1 on it, and the edit says "removed 2".
    world.shopify.putOrder({
      id: orderId,
      retailLocationId: shopifyLocation,
      lineItems: [{ id: '50011', sku, currentQuantity: 1 }],
    });
    const lowered = {
      order_edit: {
        id: 901,
        order_id: Number(orderId),
        committed_at: new Date().toISOString(),
        line_items: { additions: [], removals: [{ id: 50011, delta: 2 }] },
      },
    };
    await deliver('orders/edited', lowered);
    await showsSoon(9, 'Shopify to show 9 once the edit released 2');

    // Then adds a new line of 1 of the same SKU.
    world.shopify.putOrder({
      id: orderId,
      retailLocationId: shopifyLocation,
      lineItems: [
        { id: '50011', sku, currentQuantity: 1 },
        { id: '50012', sku, currentQuantity: 1 },
      ],
    });
    const added = {
      order_edit: {
        id: 902,
        order_id: Number(orderId),
        committed_at: new Date().toISOString(),
        line_items: { additions: [{ id: 50012, delta: 1 }], removals: [] },
      },
    };
    await deliver('orders/edited', added);
    await showsSoon(8, 'Shopify to show 8 once the added line holds 1');

    // The first edit again, under a new delivery id (Shopify's retry after a lost answer): its keys are known.
    await deliver('orders/edited', lowered);
    await deliver('orders/edited', added);
    // The ingest job applies a delivery's events before it counts it: five ingested means both repeats applied.
    await waitUntil(
      'the two repeated edits to be ingested',
      async () =>
        /stockwire_webhooks_total\{connection="shopify",outcome="ingested"\} 5\n/.test(
          await world.runner.metrics.registry.metrics(),
        )
          ? true
          : undefined,
      { describeLast },
    );
    expect(await world.runner.engine.quantities(sku, 'wh-1')).toMatchObject({ onHand: 10, committed: 2 });
    expect(shows()).toBe(8);
    expect(await world.runner.deadLetters.list()).toEqual([]);
  }, 60_000);

  it('an online order Stockwire routes releases only the units an edit removed, once', async () => {
    const world = await startWorld();
    const shows = () => world.shopify.level(world.item, shopifyLocation)?.available;
    const describeLast = async () =>
      JSON.stringify({
        shopify: shows(),
        engine: await world.runner.engine.quantities(sku, 'wh-1'),
        letters: await world.runner.deadLetters.list(),
      });
    const deliver = async (topic: string, body: unknown) => {
      const delivery = world.shopify.webhook(topic, JSON.stringify(body), { eventId: randomUUID() });
      expect(await world.runner.acceptWebhook('shopify', delivery)).toEqual({ outcome: 'accepted' });
    };
    const showsSoon = (quantity: number, what: string) =>
      waitUntil(what, () => (shows() === quantity ? true : undefined), { describeLast, timeoutMs: 20_000 });

    await world.wms();
    await showsSoon(10, 'Shopify to show the 10 the WMS found');
    // An online order with no location: the engine routes it (to wh-1, the only place that sells SKU-C).
    const onlineOrder = '5002';
    const createdAt = new Date().toISOString();
    await deliver('orders/create', {
      id: Number(onlineOrder),
      created_at: createdAt,
      updated_at: createdAt,
      line_items: [{ id: 50021, sku, quantity: 5 }],
    });
    await showsSoon(5, 'Shopify to show 5 once the routed order holds 5');

    // The merchant lowers the line from 5 to 3: before #13 the connector refused this and held all 5.
    world.shopify.putOrder({ id: onlineOrder, lineItems: [{ id: '50021', sku, currentQuantity: 3 }] });
    const lowered = {
      order_edit: {
        id: 903,
        order_id: Number(onlineOrder),
        committed_at: new Date().toISOString(),
        line_items: { additions: [], removals: [{ id: 50021, delta: 2 }] },
      },
    };
    await deliver('orders/edited', lowered);
    await showsSoon(7, 'Shopify to show 7 once the edit released 2 of the routed line');
    await deliver('orders/edited', lowered);
    await waitUntil(
      'the repeated edit to be ingested',
      async () =>
        /stockwire_webhooks_total\{connection="shopify",outcome="ingested"\} 3\n/.test(
          await world.runner.metrics.registry.metrics(),
        )
          ? true
          : undefined,
      { describeLast },
    );
    expect(await world.runner.engine.quantities(sku, 'wh-1')).toMatchObject({ onHand: 10, committed: 3 });
    expect(shows()).toBe(7);
    expect(await world.runner.deadLetters.list()).toEqual([]);
  }, 60_000);
});
