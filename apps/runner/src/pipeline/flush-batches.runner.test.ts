import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createShopifySandbox, type ShopifySandbox } from '@stockwire/connector-shopify/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../observability/create-logger.ts';
import { createRunner, type Runner } from '../runtime/create-runner.ts';
import { testRunnerOptions } from '../test-support/in-process-runner.ts';
import { waitUntil } from '../test-support/wait-until.ts';

const redis = useRedisServer();
const skus = Array.from({ length: 100 }, (_, index) => `SKU-${String(index).padStart(3, '0')}`);
const vendorLocations = Array.from({ length: 10 }, (_, index) => `gid://shopify/Location/${index + 1}`);
const locationOf = (index: number) => `loc-${index + 1}`;
const quantityOf = (skuIndex: number, locationIndex: number) => 1 + ((skuIndex + locationIndex) % 7);
/** Every answer of the sandbox waits this long: calls that arrive within it were in flight together. */
const latencyMs = 1_500;

let shopify: ShopifySandbox | undefined;
let runner: Runner | undefined;
let root: string | undefined;
afterEach(async () => {
  await runner?.close();
  await shopify?.close();
  if (root !== undefined) await rm(root, { recursive: true, force: true });
  runner = shopify = root = undefined;
});

/** 100 SKUs stocked at 0 at ten Shopify locations (1,000 positions, four batches of 250), a warehouse the authority. */
async function startWorld() {
  const sandbox = await createShopifySandbox();
  shopify = sandbox;
  const items = skus.map((sku) => sandbox.addInventoryItem(sku));
  for (const location of vendorLocations) {
    sandbox.addLocation(location);
    for (const item of items) sandbox.setLevel(item, location, { available: 0, on_hand: 0 });
  }
  root = await mkdtemp(join(tmpdir(), 'stockwire-flush-batches-'));
  const configuration = StockwireConfigurationSchema.parse({
    version: 1,
    locations: vendorLocations.map((_, index) => ({ id: locationOf(index), kind: 'store' })),
    skus: skus.map((id) => ({ id })),
    connections: {
      wms: { connector: 'file', settings: { transport: { kind: 'folder', path: root } } },
      shopify: {
        connector: 'shopify',
        locations: Object.fromEntries(vendorLocations.map((location, index) => [location, locationOf(index)])),
        settings: sandbox.connectionSettings({ accessToken: 'SHOPIFY_TOKEN', apiSecretKey: 'SHOPIFY_SECRET' }),
      },
    },
    authority: [{ connections: ['wms'], states: '*' }],
    channels: vendorLocations.map((_, index) => ({
      id: `online-${index + 1}`,
      connection: 'shopify',
      locations: [locationOf(index)],
    })),
  });
  const started = await createRunner({
    configuration,
    redisUrl: redis.url,
    options: { ...testRunnerOptions, keyPrefix: `flush-batches-${randomUUID()}` },
    environment: { SHOPIFY_TOKEN: sandbox.accessToken, SHOPIFY_SECRET: sandbox.apiSecretKey },
    logger: createLogger({ level: process.env.STOCKWIRE_TEST_LOG_LEVEL ?? 'silent' }),
  });
  runner = started;
  await seedConverged(started);
  await started.start();
  return { runner: started, sandbox, items };
}

/**
 * What an earlier sync leaves: every position known at 0 and recorded as pushed at 0 (Shopify shows 0), through
 * the engine before the workers start. Without it each first push reads what Shopify shows (76 points per 25
 * levels), and this test would measure those reads instead of how the flush sends its batches.
 */
async function seedConverged(target: Runner) {
  const occurredAt = new Date(Date.now() - 3_600_000).toISOString();
  await target.engine.ingest({
    connection: 'wms',
    events: vendorLocations.flatMap((_, locationIndex) =>
      skus.map((sku) => ({
        kind: 'snapshot',
        idempotencyKey: `seed-${sku}-${locationIndex}`,
        source: 'wms',
        occurredAt,
        sku,
        location: locationOf(locationIndex),
        quantities: { onHand: 0 },
      })),
    ),
  });
  for (;;) {
    const plan = await target.engine.planPush('shopify', 1_000);
    const written = plan.items.map((item) => ({ key: item.key, outcome: 'written' as const }));
    const settled = await target.engine.settlePush('shopify', plan, written);
    if (!plan.moreWaiting && !settled.moreWaiting) break;
  }
}

const mutationsOf = (sandbox: ShopifySandbox) =>
  sandbox.server.calls.flatMap((call) => {
    const body = call.json as
      | { query?: string; variables?: { idempotencyKey?: string; input?: { quantities?: unknown[] } } }
      | undefined;
    if (!/inventorySetQuantities/.test(body?.query ?? '')) return [];
    return [
      {
        time: call.time,
        key: body?.variables?.idempotencyKey,
        quantities: (body?.variables?.input?.quantities ?? []).length,
      },
    ];
  });

describe('a flush of a backlog (#14)', () => {
  it('sends the batches the bucket has room for together, each its own request, every quantity once', async () => {
    const { runner: started, sandbox, items } = await startWorld();
    sandbox.server.faults.setLatency(latencyMs);
    // One poll page moving all 1,000 positions: a backlog of four full batches for the first flush.
    await started.enqueue({
      queue: 'apply',
      name: 'apply',
      data: {
        connection: 'wms',
        origin: 'poll',
        receivedAt: Date.now(),
        events: vendorLocations.flatMap((_, locationIndex) =>
          skus.map((sku, skuIndex) => ({
            kind: 'snapshot',
            idempotencyKey: `set-${sku}-${locationIndex}`,
            source: 'wms',
            occurredAt: new Date().toISOString(),
            sku,
            location: locationOf(locationIndex),
            quantities: { onHand: quantityOf(skuIndex, locationIndex) },
          })),
        ),
      },
    });
    const everyLevel = () =>
      vendorLocations.every((location, locationIndex) =>
        items.every(
          (item, skuIndex) => sandbox.level(item, location)?.available === quantityOf(skuIndex, locationIndex),
        ),
      );
    await waitUntil('all 1,000 quantities on Shopify', () => (everyLevel() ? true : undefined), { timeoutMs: 25_000 });
    await waitUntil('nothing left to push', async () =>
      (await started.engine.dirtyCount('shopify')) === 0 ? true : undefined,
    );

    const mutations = mutationsOf(sandbox);
    expect(mutations.map((mutation) => mutation.quantities)).toEqual([250, 250, 250, 250]);
    expect(new Set(mutations.map((mutation) => mutation.key)).size).toBe(4);
    expect(sandbox.state.quantitiesWritten).toBe(1_000);
    // All four reached Shopify before the first could have been answered: one flush sent them together. One batch
    // per flush would have sent each after the previous answer, at least `latencyMs` apart.
    const times = mutations.map((mutation) => mutation.time);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(latencyMs);
  }, 30_000);
});
