import { createConnectionMapping, createRateLimiter } from '@stockwire/connector-kit';
import { type PushItemV2, RateLimitedError } from '@stockwire/connector-spec';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopifySandbox, type ShopifySandbox } from './sandbox/index.ts';
import { createShopifyConnector } from './shopify-connector.ts';
import { shopifyRateLimits } from './shopify-rate-limits.ts';

const connection = 'shopify-throughput';
const skuCount = 500;
const locationCount = 20;
const skus = Array.from({ length: skuCount }, (_, index) => `SKU-${String(index + 1).padStart(4, '0')}`);
const locations = Array.from({ length: locationCount }, (_, index) => ({
  canonical: `store-${String(index + 1).padStart(2, '0')}`,
  shopify: `gid://shopify/Location/${index + 1}`,
}));
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: locations.map(({ canonical }) => ({ id: canonical, kind: 'store' })),
  skus: skus.map((id) => ({ id })),
  connections: {
    [connection]: {
      connector: 'shopify',
      locations: Object.fromEntries(locations.map(({ canonical, shopify }) => [shopify, canonical])),
    },
  },
  authority: [{ connections: [connection], states: '*' }],
  channels: [{ id: 'web', connection, locations: locations.map(({ canonical }) => canonical) }],
});

const redisServer = useRedisServer();
let sandbox: ShopifySandbox;
let redis: Redis;

beforeAll(async () => {
  sandbox = await createShopifySandbox();
  redis = new Redis(redisServer.url);
});
afterAll(async () => {
  redis?.disconnect();
  await sandbox?.close();
});

describe('pushing 10,000 quantity changes through the shared cost bucket', () => {
  it('reaches Shopify in 40 inventorySetQuantities calls and handles every THROTTLED answer', {
    timeout: 60_000,
  }, async () => {
    for (const { shopify } of locations) sandbox.addLocation(shopify);
    const itemIds = skus.map((sku) => sandbox.addInventoryItem(sku));
    for (const itemId of itemIds) {
      for (const { shopify } of locations) sandbox.setLevel(itemId, shopify, { available: 0, on_hand: 0 });
    }
    const limiter = createRateLimiter({ redis, account: `shopify:${crypto.randomUUID()}`, policy: shopifyRateLimits });
    const connector = createShopifyConnector(
      {
        shop: sandbox.shop,
        adminApiUrl: sandbox.baseUrl,
        accessToken: { env: 'SHOPIFY_ACCESS_TOKEN' },
        apiSecretKey: { env: 'SHOPIFY_API_SECRET' },
      },
      {
        mapping: createConnectionMapping(buildCatalog(configuration), connection),
        environment: { SHOPIFY_ACCESS_TOKEN: sandbox.accessToken, SHOPIFY_API_SECRET: sandbox.apiSecretKey },
      },
      { limiter },
    );
    // Calls the limiter never saw (another process of the app before a crash) left the store's bucket nearly
    // empty: the first calls are THROTTLED by Shopify, and the limiter learns the real level from throttleStatus.
    sandbox.drainBucket(5);

    const items: PushItemV2[] = skus.flatMap((sku, skuIndex) =>
      locations.map(({ canonical }, locationIndex) => ({
        key: `${sku}@${canonical}`,
        channel: 'web',
        sku,
        location: canonical,
        quantity: 1 + ((skuIndex + locationIndex) % 50),
        status: 'in-stock' as const,
        expectedRemote: 0,
      })),
    );
    const batches = Array.from({ length: items.length / 250 }, (_, index) =>
      items.slice(index * 250, index * 250 + 250),
    );
    const outcomes = new Map<string, string>();
    let rateLimited = 0;
    // The runner's part: four workers take batches; a RateLimitedError delays that batch by the wait it carries.
    const queue = batches.map((batch, index) => ({ batch, idempotencyKey: `throughput-${index}` }));
    const worker = async () => {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
        try {
          const result = await connector.push?.push({ items: job.batch, idempotencyKey: job.idempotencyKey });
          for (const entry of result?.results ?? []) outcomes.set(entry.key, entry.outcome);
        } catch (error) {
          if (!RateLimitedError.isInstance(error)) throw error;
          rateLimited++;
          await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs));
          queue.push(job);
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);

    const mutations = sandbox.state.answered.filter((answer) => answer.operation === 'SetAvailableQuantities');
    const applied = mutations.filter((answer) => answer.outcome === 'ran');
    expect(applied.length).toBeLessThanOrEqual(40);
    expect(sandbox.state.mutationsApplied).toBe(40);
    expect(sandbox.state.quantitiesWritten).toBe(10_000);
    const sentMutations = sandbox.server.calls.filter((call) =>
      String((call.json as { query?: unknown }).query).startsWith('mutation'),
    );
    expect(sentMutations).toHaveLength(mutations.length);
    for (const call of sentMutations) {
      const variables = (call.json as { variables: { input: { quantities: unknown[] } } }).variables;
      expect(variables.input.quantities).toHaveLength(250);
    }
    // THROTTLED happened, and each one reached the runner as a RateLimitedError it delayed (others were held back
    // by the limiter before any call).
    const throttled = sandbox.state.answered.filter((answer) => answer.outcome === 'throttled').length;
    expect(throttled).toBeGreaterThan(0);
    expect(rateLimited).toBeGreaterThanOrEqual(throttled);
    expect(outcomes.size).toBe(10_000);
    expect(new Set(outcomes.values())).toEqual(new Set(['written']));
    for (const item of items.slice(0, 500)) {
      const itemId = sandbox.itemIdOf(item.sku) ?? '';
      const shopifyLocation = locations.find(({ canonical }) => canonical === item.location)?.shopify ?? '';
      expect(sandbox.level(itemId, shopifyLocation)?.available).toBe(item.quantity);
    }
  });
});
