import { setTimeout as sleep } from 'node:timers/promises';
import { useRedisServer } from '@stockwire/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../http/create-http-server.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { Runner } from './create-runner.ts';
import {
  createShipHeroWarehouseWorld,
  type ShipHeroWarehouseWorld,
  shopifyAvailable,
} from './shiphero-warehouse.test-helpers.ts';

const redis = useRedisServer();
const runners: Runner[] = [];
let app: FastifyInstance | undefined;
let installation: ShipHeroWarehouseWorld | undefined;
afterEach(async () => {
  await app?.close();
  for (const runner of runners.splice(0)) await runner.close();
  await installation?.close();
  app = installation = undefined;
});

async function startRunner(world: ShipHeroWarehouseWorld): Promise<Runner> {
  const runner = await startInProcessRunner(world.world, redis.url, {
    options: { keyPrefix: world.keyPrefix },
    environment: world.environment,
  });
  runners.push(runner);
  return runner;
}

const sku = 'TEE-BLUE-M';

const describeState = (world: ShipHeroWarehouseWorld, runner: Runner) => async () =>
  JSON.stringify({
    engine: await runner.engine.quantities(sku, 'wh-shiphero'),
    shopify: shopifyAvailable(world, sku),
    shipHero: world.shipHero.level(sku, world.warehouse),
    webhookAnswers: world.shipHero.messages.length,
    letters: (await runner.deadLetters.list()).slice(0, 3),
  });

describe('a ShipHero warehouse, the authority for its on hand, published on Shopify (#16)', () => {
  it('a pick and ship lowers Shopify, an inventory adjustment raises it, a redelivered webhook changes nothing', async () => {
    installation = await createShipHeroWarehouseWorld({ skus: [sku], onHand: 20, shopify: true });
    const world = installation;
    const runner = await startRunner(world);
    app = await createHttpServer({ runner, adminToken: 'admin-token-for-shiphero-runner-5e1b' });
    world.listenAt(await app.listen({ port: 0, host: '127.0.0.1' }));
    const describeLast = describeState(world, runner);

    expect((await runner.reconcile('shiphero')).loaded).toBeGreaterThan(0);
    await waitUntil(
      'Shopify to show the 20 ShipHero holds',
      () => (shopifyAvailable(world, sku) === 20 ? true : undefined),
      {
        describeLast,
      },
    );

    // Picked and shipped: ShipHero sends the Inventory Change (20 → 17) and the warehouse's Inventory Update.
    await world.shipHero.shipOrder({ orderNumber: '#1001', warehouse: world.warehouse, lines: [{ sku, quantity: 3 }] });
    const shipment = world.shipHero.messages.map((message) => message.id);
    expect(shipment).toHaveLength(2);
    expect(world.shipHero.deliveryAttempts().map((attempt) => attempt.status)).toEqual([200, 200]);
    await waitUntil(
      'Shopify to show 17 after 3 shipped',
      () => (shopifyAvailable(world, sku) === 17 ? true : undefined),
      {
        describeLast,
        timeoutMs: 25_000,
      },
    );

    // A cycle count finds 5 more.
    await world.shipHero.adjust(sku, world.warehouse, 5, 'Cycle count: found 5');
    await waitUntil(
      'Shopify to show 22 after the adjustment',
      () => (shopifyAvailable(world, sku) === 22 ? true : undefined),
      {
        describeLast,
        timeoutMs: 25_000,
      },
    );

    // ShipHero retries the shipment's two messages (same X-Shiphero-Message-ID), late: nothing moves back to 17.
    for (const id of shipment) await world.shipHero.redeliver(id);
    const duplicates = /stockwire_webhooks_total\{connection="shiphero",outcome="duplicate"\} 2\n/;
    await waitUntil('both redeliveries to be recognised', async () =>
      duplicates.test(await runner.metrics.registry.metrics()) ? true : undefined,
    );
    // A few more polls of inventory_changes (every second) report the same movements under the same keys.
    const polled = world.shipHero.exchanges.length;
    await waitUntil('two more polls', () => (world.shipHero.exchanges.length >= polled + 2 ? true : undefined));
    expect(await runner.engine.quantities(sku, 'wh-shiphero')).toMatchObject({ onHand: 22 });
    expect(shopifyAvailable(world, sku)).toBe(22);
    // Four messages ingested (the shipment's and the adjustment's), two redeliveries dropped, all answered 200.
    const metrics = await runner.metrics.registry.metrics();
    expect(metrics).toMatch(/stockwire_webhooks_total\{connection="shiphero",outcome="ingested"\} 4\n/);
    expect(world.shipHero.deliveryAttempts().map((attempt) => attempt.status)).toEqual(Array(6).fill(200));
    expect(world.shipHero.credits.refusals).toEqual([]);
    expect(await runner.deadLetters.list()).toEqual([]);
  }, 60_000);
});

describe('two runners on one ShipHero account (#16)', () => {
  it('never overdraw the credit bucket together, while wanting far more than it holds', async () => {
    // 60 credits restored at 5 a second; each poll of inventory_changes asks for 21 (first: 20), each snapshot page
    // 11, and both runners poll every second: about 8 times what the bucket restores.
    const credits = { maximum: 60, restorePerSecond: 5 };
    const skus = Array.from({ length: 40 }, (_, index) => `SKU-${String(index + 1).padStart(3, '0')}`);
    installation = await createShipHeroWarehouseWorld({
      skus,
      onHand: 5,
      shopify: false,
      credits,
      pageSize: 10,
      changesPageSize: 20,
    });
    const world = installation;
    const started = performance.now();
    const both = [await startRunner(world), await startRunner(world)];
    // Both also ask for a full snapshot at once; the shared bucket refuses what does not fit (RateLimitedError).
    const reconciles = both.map((runner) => runner.reconcile('shiphero').catch((error: unknown) => error));
    await sleep(12_000);
    await Promise.all(reconciles);
    for (const runner of both) await runner.close();
    runners.splice(0);
    const elapsedSeconds = (performance.now() - started) / 1_000;

    const exchanges = world.shipHero.exchanges;
    expect(world.shipHero.credits.refusals, 'calls ShipHero refused for want of credits').toEqual([]);
    expect(exchanges.filter((exchange) => JSON.stringify(exchange.answer).includes('"code":30'))).toEqual([]);
    const spent = exchanges.reduce((total, exchange) => total + exchange.spent, 0);
    expect(spent).toBeLessThanOrEqual(credits.maximum + credits.restorePerSecond * elapsedSeconds);
    // The shared bucket, not a lack of work, held them back: unpaced, 2 runners × 12 polls would spend 500 and more.
    const polls = exchanges.filter((exchange) => exchange.query.includes('InventoryChangesPage')).length;
    expect(polls).toBeGreaterThan(1);
    expect(polls).toBeLessThan(2 * 12);
  }, 60_000);
});
