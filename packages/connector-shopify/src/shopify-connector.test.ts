import { createConnectionMapping } from '@stockwire/connector-kit';
import {
  ConnectorConfigurationError,
  type ConnectorV2,
  PermanentItemError,
  RateLimitedError,
  UnmappedLocationError,
} from '@stockwire/connector-spec';
import { buildCatalog } from '@stockwire/model';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createShopifySandbox, type ShopifySandbox } from './sandbox/index.ts';
import { createShopifyConnector } from './shopify-connector.ts';
import {
  conformanceConfiguration,
  conformanceConnection,
  north,
  secretVariable,
  south,
  tokenVariable,
} from './test-support/shopify-conformance-harness.ts';

let sandbox: ShopifySandbox;
beforeAll(async () => {
  sandbox = await createShopifySandbox();
});
afterAll(async () => await sandbox?.close());
beforeEach(() => {
  sandbox.reset();
  sandbox.addLocation(north);
  sandbox.addLocation(south);
});

function connectorFor(environment: NodeJS.ProcessEnv, pageSize = 2): ConnectorV2 {
  return createShopifyConnector(
    {
      shop: sandbox.shop,
      adminApiUrl: sandbox.baseUrl,
      accessToken: { env: tokenVariable },
      apiSecretKey: { env: secretVariable },
      pageSize,
    },
    { mapping: createConnectionMapping(buildCatalog(conformanceConfiguration), conformanceConnection), environment },
  );
}
const credentials = () => ({ [tokenVariable]: sandbox.accessToken, [secretVariable]: sandbox.apiSecretKey });
const sent = () =>
  sandbox.server.calls.map((call) => {
    const json = call.json as { query: string; variables: Record<string, unknown> };
    return {
      path: call.path,
      token: call.headers['x-shopify-access-token'],
      operation: /\w+\s+(\w+)/.exec(json.query)?.[1],
      variables: json.variables,
    };
  });

describe('createShopifyConnector against the Shopify sandbox', () => {
  it('reads named quantities page by page through the SDK, with the token and API version Shopify expects', async () => {
    const red = sandbox.addInventoryItem('SKU-RED');
    const black = sandbox.addInventoryItem('REMOTE-BLACK');
    const green = sandbox.addInventoryItem('SKU-GREEN');
    sandbox.setLevel(red, north, { available: 3, on_hand: 5, committed: 2, damaged: 0 });
    sandbox.setLevel(black, south, { available: 7, on_hand: 7 });
    sandbox.setLevel(green, north, { available: 1, on_hand: 1 });

    const connector = connectorFor(credentials());
    const first = await connector.snapshot?.read({});
    const second = await connector.snapshot?.read({ cursor: first?.nextCursor });

    expect(second?.nextCursor).toBeUndefined();
    const records = [...(first?.records ?? []), ...(second?.records ?? [])];
    expect(
      records.map(({ sku, location, quantities }) => ({
        sku,
        location,
        available: quantities.available,
        onHand: quantities.onHand,
        committed: quantities.committed,
      })),
    ).toEqual([
      { sku: 'SKU-RED', location: 'wh-north', available: 3, onHand: 5, committed: 2 },
      { sku: 'SKU-BLACK', location: 'wh-south', available: 7, onHand: 7, committed: 0 },
      { sku: 'SKU-GREEN', location: 'wh-north', available: 1, onHand: 1, committed: 0 },
    ]);
    const calls = sent();
    expect(calls.map(({ path, token, operation }) => ({ path, token, operation }))).toEqual([
      { path: '/admin/api/2026-10/graphql.json', token: sandbox.accessToken, operation: 'InventorySnapshotPage' },
      { path: '/admin/api/2026-10/graphql.json', token: sandbox.accessToken, operation: 'InventorySnapshotPage' },
    ]);
    expect(calls[0]?.variables).toMatchObject({ first: 2, after: null, levels: 20 });
    expect(calls[1]?.variables.after).toBe(first?.nextCursor);
  });

  it('sends only changed values with changeFromQuantity and an idempotency key, and reports a stale compare with the new value', async () => {
    const red = sandbox.addInventoryItem('SKU-RED');
    const green = sandbox.addInventoryItem('SKU-GREEN');
    const blue = sandbox.addInventoryItem('SKU-BLUE');
    sandbox.setLevel(red, north, { available: 5, on_hand: 5 });
    sandbox.setLevel(green, north, { available: 2, on_hand: 2 });
    sandbox.setLevel(blue, north, { available: 9, on_hand: 9 });
    const connector = connectorFor(credentials());
    const item = (sku: string, quantity: number, expectedRemote?: number, location = 'wh-north') => ({
      key: sku,
      channel: 'web',
      sku,
      location,
      quantity,
      status: 'in-stock' as const,
      expectedRemote,
    });

    const result = await connector.push?.push({
      idempotencyKey: 'push-1',
      items: [
        item('SKU-RED', 5),
        item('SKU-GREEN', 4),
        item('SKU-BLUE', 1, 8),
        item('SKU-WHITE', 1, 0, 'store-unmapped'),
      ],
    });

    const [same, changed, stale, unmapped] = result?.results ?? [];
    expect(same).toEqual({ key: 'SKU-RED', outcome: 'unchanged', remoteQuantity: 5 });
    expect(changed).toEqual({ key: 'SKU-GREEN', outcome: 'written', remoteQuantity: 4 });
    // Someone sold one meanwhile: Shopify holds 9, not the 8 we expected. The runner recomputes from 9.
    expect(stale).toEqual({ key: 'SKU-BLUE', outcome: 'stale', remoteQuantity: 9 });
    expect(unmapped?.outcome === 'failed' && UnmappedLocationError.isInstance(unmapped.error)).toBe(true);
    const mutations = sent().filter((call) => call.operation === 'SetAvailableQuantities');
    // The batch is all or nothing at Shopify: the refused stale quantity is left out and the rest sent again.
    expect(mutations.map((call) => (call.variables.input as { quantities: unknown[] }).quantities)).toEqual([
      [
        { inventoryItemId: green, locationId: north, quantity: 4, changeFromQuantity: 2 },
        { inventoryItemId: blue, locationId: north, quantity: 1, changeFromQuantity: 8 },
      ],
      [{ inventoryItemId: green, locationId: north, quantity: 4, changeFromQuantity: 2 }],
    ]);
    expect(mutations[0]?.variables.idempotencyKey).toMatch(/^[0-9a-f]{64}$/);
    expect(mutations[1]?.variables.idempotencyKey).not.toBe(mutations[0]?.variables.idempotencyKey);
    expect(sandbox.level(green, north)).toMatchObject({ available: 4, on_hand: 4 });
    expect(sandbox.level(blue, north)).toMatchObject({ available: 9 });
    expect(result?.requestsMade).toBe(5);
  });

  it('fails an item whose SKU the store does not sell, alone', async () => {
    sandbox.setLevel(sandbox.addInventoryItem('SKU-RED'), north, { available: 0, on_hand: 0 });
    const result = await connectorFor(credentials()).push?.push({
      idempotencyKey: 'push-2',
      items: [
        {
          key: 'a',
          channel: 'web',
          sku: 'SKU-RED',
          location: 'wh-north',
          quantity: 2,
          status: 'in-stock',
          expectedRemote: 0,
        },
        {
          key: 'b',
          channel: 'web',
          sku: 'SKU-GREEN',
          location: 'wh-north',
          quantity: 2,
          status: 'in-stock',
          expectedRemote: 0,
        },
      ],
    });
    expect(result?.results[0]).toEqual({ key: 'a', outcome: 'written', remoteQuantity: 2 });
    const failed = result?.results[1];
    expect(failed?.outcome === 'failed' && PermanentItemError.isInstance(failed.error)).toBe(true);
    expect(failed?.outcome === 'failed' ? failed.error.message : '').toContain('SKU-GREEN');
  });

  it('turns THROTTLED inside an HTTP 200 into RateLimitedError with the wait the bucket needs', async () => {
    sandbox.drainBucket(0);
    const error = await connectorFor(credentials())
      .snapshot?.read({})
      .catch((thrown: unknown) => thrown);
    expect(RateLimitedError.isInstance(error)).toBe(true);
    // The page requests 2 + 2 × (3 + 20 × 3) = 128 points; at 100 points a second that is about 1.28 s.
    expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(1_200);
    expect((error as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(1_280);
    expect(sandbox.state.answered).toEqual([{ operation: 'InventorySnapshotPage', outcome: 'throttled' }]);
  });

  it('names the setting and the variable when the access token is not set, and calls nothing', async () => {
    const error = await connectorFor({ [secretVariable]: 'x' })
      .snapshot?.read({})
      .catch((thrown: unknown) => thrown);
    expect(ConnectorConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/accessToken .*SHOPIFY_ACCESS_TOKEN/);
    expect(sandbox.server.calls).toEqual([]);
  });

  it('refuses settings it does not know, and a shop that is not a myshopify.com domain', () => {
    const context = { mapping: createConnectionMapping(buildCatalog(conformanceConfiguration), conformanceConnection) };
    const settings = {
      shop: sandbox.shop,
      adminApiUrl: sandbox.baseUrl,
      accessToken: { env: tokenVariable },
      apiSecretKey: { env: secretVariable },
    };
    expect(() => createShopifyConnector({ ...settings, pagesize: 3 } as never, context)).toThrow(/pagesize/);
    expect(() => createShopifyConnector({ ...settings, shop: 'acme.com' }, context)).toThrow(/settings\.shop/);
    // 2 + 40 × (3 + 50 × 3) points: more than the 1,000 Shopify allows one query.
    expect(() => createShopifyConnector({ ...settings, pageSize: 40, levelsPerItem: 50 }, context)).toThrow(
      /settings\.pageSize: .*1000 query points/,
    );
  });
});
