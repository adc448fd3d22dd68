import { createConnectionMapping } from '@stockwire/connector-kit';
import type { PushItemV2 } from '@stockwire/connector-spec';
import { buildCatalog, type ListingStatus, listingStatuses } from '@stockwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopifySandbox, type ShopifySandbox } from './sandbox/index.ts';
import { createShopifyConnector, shopifyConnectorCapabilities } from './shopify-connector.ts';
import {
  conformanceConfiguration,
  conformanceConnection,
  north,
  secretVariable,
  tokenVariable,
} from './test-support/shopify-conformance-harness.ts';

let sandbox: ShopifySandbox;
beforeAll(async () => {
  sandbox = await createShopifySandbox();
});
afterAll(async () => await sandbox?.close());

function connector() {
  return createShopifyConnector(
    sandbox.connectionSettings({ accessToken: tokenVariable, apiSecretKey: secretVariable }),
    {
      mapping: createConnectionMapping(buildCatalog(conformanceConfiguration), conformanceConnection),
      environment: { [tokenVariable]: sandbox.accessToken, [secretVariable]: sandbox.apiSecretKey },
    },
  );
}

const item = (status: ListingStatus, quantity: number): PushItemV2 => ({
  key: 'web/SKU-BLACK',
  channel: 'web',
  sku: 'SKU-BLACK',
  location: 'wh-north',
  quantity,
  status,
});

const sentOperations = () =>
  sandbox.server.calls.map(
    (call) => /^\s*(?:query|mutation)\s+(\w+)/.exec(String((call.json as { query?: string })?.query))?.[1],
  );

describe('listing status on Shopify: the variant inventory policy', () => {
  it('declares every listing status', () => {
    expect([...shopifyConnectorCapabilities({ snapshotMode: 'paged' }).push.listingStatuses].sort()).toEqual(
      [...listingStatuses].sort(),
    );
  });

  it.each([
    ['backorder', 'CONTINUE'],
    ['preorder', 'CONTINUE'],
    ['disabled', 'DENY'],
    ['discontinued', 'DENY'],
    ['out-of-stock', 'DENY'],
  ] as const)('pushes %s as inventoryPolicy %s beside the quantity', async (status, policy) => {
    sandbox.reset();
    const itemId = sandbox.addInventoryItem('REMOTE-BLACK');
    sandbox.setLevel(itemId, north, { available: 5, on_hand: 5 });
    // Start from the other policy, so every status has something to change.
    const stored = sandbox.state.items.get(itemId);
    if (stored !== undefined) stored.inventoryPolicy = policy === 'CONTINUE' ? 'DENY' : 'CONTINUE';
    const pushed = await connector().push.push({ idempotencyKey: `status-${status}`, items: [item(status, 0)] });
    expect(pushed.results).toEqual([{ key: 'web/SKU-BLACK', outcome: 'written', remoteQuantity: 0 }]);
    expect(sandbox.state.items.get(itemId)?.inventoryPolicy).toBe(policy);
    expect(sandbox.level(itemId, north)?.available).toBe(0);
    const policyCall = sandbox.server.calls.find((call) =>
      String((call.json as { query?: string }).query).startsWith('mutation SetInventoryPolicies'),
    );
    expect((policyCall?.json as { variables?: unknown } | undefined)?.variables).toEqual({
      productId: stored?.productId,
      variants: [{ id: stored?.variantId, inventoryPolicy: policy }],
    });
  });

  it('sends no policy update when the variant already has the policy, and none again once it was set', async () => {
    sandbox.reset();
    const itemId = sandbox.addInventoryItem('REMOTE-BLACK');
    sandbox.setLevel(itemId, north, { available: 5, on_hand: 5 });
    const shopify = connector();
    await shopify.push.push({ idempotencyKey: 'in-stock', items: [item('in-stock', 5)] });
    expect(sentOperations()).not.toContain('SetInventoryPolicies');
    await shopify.push.push({ idempotencyKey: 'backorder-1', items: [item('backorder', 5)] });
    await shopify.push.push({ idempotencyKey: 'backorder-2', items: [item('backorder', 5)] });
    expect(sentOperations().filter((name) => name === 'SetInventoryPolicies')).toHaveLength(1);
    expect(sandbox.state.items.get(itemId)?.inventoryPolicy).toBe('CONTINUE');
  });

  it('fails the item when Shopify refuses the policy, so the status is pushed again rather than lost', async () => {
    sandbox.reset();
    const itemId = sandbox.addInventoryItem('REMOTE-BLACK');
    sandbox.setLevel(itemId, north, { available: 5, on_hand: 5 });
    const shopify = connector();
    await shopify.push.push({ idempotencyKey: 'load', items: [item('in-stock', 5)] });
    // The product was deleted in the Shopify admin after the catalog was loaded (the item moved to a new product).
    const stored = sandbox.state.items.get(itemId);
    if (stored !== undefined) sandbox.state.items.set(itemId, { ...stored, productId: 'gid://shopify/Product/999' });
    const pushed = await shopify.push.push({ idempotencyKey: 'refused', items: [item('preorder', 5)] });
    expect(pushed.results[0]).toMatchObject({ outcome: 'failed', error: { name: 'PermanentItemError' } });
    expect(String((pushed.results[0] as { error: Error }).error.message)).toContain('PRODUCT_DOES_NOT_EXIST');
  });
});
