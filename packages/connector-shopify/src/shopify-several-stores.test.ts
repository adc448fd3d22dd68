import { createConnectionMapping, createRateLimiter } from '@stockwire/connector-kit';
import { RateLimitedError } from '@stockwire/connector-spec';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopifySandbox, type ShopifySandbox } from './sandbox/index.ts';
import { createShopifyConnector } from './shopify-connector.ts';
import { shopifyRateLimits } from './shopify-rate-limits.ts';

// A regional storefront and a B2B store: two connections, each with its own locations, token and cost bucket.
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'wh-eu', kind: 'warehouse' },
    { id: 'wh-b2b', kind: 'warehouse' },
  ],
  skus: [{ id: 'MUG', aliases: [{ connection: 'shop-b2b', value: 'MUG-CASE' }] }],
  connections: {
    'shop-eu': { connector: 'shopify', locations: { 'gid://shopify/Location/1': 'wh-eu' } },
    'shop-b2b': { connector: 'shopify', locations: { 'gid://shopify/Location/1': 'wh-b2b' } },
  },
  authority: [{ connections: ['shop-eu', 'shop-b2b'], states: '*' }],
  channels: [
    { id: 'web-eu', connection: 'shop-eu', locations: ['wh-eu'] },
    { id: 'web-b2b', connection: 'shop-b2b', locations: ['wh-b2b'] },
  ],
});
const catalog = buildCatalog(configuration);
const redisServer = useRedisServer();
let europe: ShopifySandbox;
let wholesale: ShopifySandbox;
let redis: Redis;

beforeAll(async () => {
  europe = await createShopifySandbox({ accessToken: 'shpat_eu' });
  wholesale = await createShopifySandbox({ accessToken: 'shpat_b2b' });
  redis = new Redis(redisServer.url);
});
afterAll(async () => {
  redis?.disconnect();
  await europe?.close();
  await wholesale?.close();
});

function connectorFor(store: ShopifySandbox, connection: string) {
  const limiter = createRateLimiter({ redis, account: `shopify:${store.shop}`, policy: shopifyRateLimits });
  return createShopifyConnector(
    { shop: store.shop, adminApiUrl: store.baseUrl, accessToken: { env: 'TOKEN' }, apiSecretKey: { env: 'SECRET' } },
    {
      mapping: createConnectionMapping(catalog, connection),
      environment: { TOKEN: store.accessToken, SECRET: store.apiSecretKey },
    },
    { limiter },
  );
}

describe('several Shopify stores', () => {
  it('keeps each store to its own calls, names and cost bucket', async () => {
    for (const [store, sku] of [
      [europe, 'MUG'],
      [wholesale, 'MUG-CASE'],
    ] as const) {
      store.setLevel(store.addInventoryItem(sku), 'gid://shopify/Location/1', { available: 0, on_hand: 0 });
    }
    const push = (connection: string, channel: string, location: string) =>
      connectorFor(connection === 'shop-eu' ? europe : wholesale, connection).push?.push({
        idempotencyKey: `${connection}-1`,
        items: [{ key: 'mug', channel, sku: 'MUG', location, quantity: 6, status: 'in-stock', expectedRemote: 0 }],
      });
    // The European store's bucket is empty; the wholesale store's is not affected.
    europe.drainBucket(0);

    const blocked = await push('shop-eu', 'web-eu', 'wh-eu')?.catch((error: unknown) => error);
    const written = await push('shop-b2b', 'web-b2b', 'wh-b2b');

    expect(RateLimitedError.isInstance(blocked)).toBe(true);
    expect(written?.results).toEqual([{ key: 'mug', outcome: 'written', remoteQuantity: 6 }]);
    expect(wholesale.level(wholesale.itemIdOf('MUG-CASE') ?? '', 'gid://shopify/Location/1')?.available).toBe(6);
    expect(europe.server.calls.map((call) => call.headers['x-shopify-access-token'])).toEqual(['shpat_eu']);
    expect(wholesale.server.calls.map((call) => call.headers['x-shopify-access-token'])).toEqual([
      'shpat_b2b',
      'shpat_b2b',
    ]);
  });
});
