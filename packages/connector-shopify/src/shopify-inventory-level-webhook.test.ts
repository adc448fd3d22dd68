import { createConnectionMapping } from '@stockwire/connector-kit';
import { buildCatalog } from '@stockwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopifySandbox, type ShopifySandbox } from './sandbox/index.ts';
import {
  conformanceConfiguration,
  conformanceConnection,
  north,
  secretVariable,
  tokenVariable,
} from './shopify-conformance-harness.test-helpers.ts';
import { createShopifyConnector } from './shopify-connector.ts';

let sandbox: ShopifySandbox;
beforeAll(async () => {
  sandbox = await createShopifySandbox();
});
afterAll(async () => await sandbox?.close());

function connector() {
  return createShopifyConnector(
    {
      shop: sandbox.shop,
      adminApiUrl: sandbox.baseUrl,
      accessToken: { env: tokenVariable },
      apiSecretKey: { env: secretVariable },
    },
    {
      mapping: createConnectionMapping(buildCatalog(conformanceConfiguration), conformanceConnection),
      environment: { [tokenVariable]: sandbox.accessToken, [secretVariable]: sandbox.apiSecretKey },
    },
  );
}

/** Shopify's inventory_levels/update payload: numeric ids, as the REST webhook sends them. */
function levelBody(inventoryItemId: string, available: number | null, locationNumber = 1001): string {
  return JSON.stringify({
    inventory_item_id: Number(inventoryItemId.split('/').pop()),
    location_id: locationNumber,
    available,
    updated_at: '2026-11-27T10:00:00-05:00',
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${locationNumber}?inventory_item_id=1`,
  });
}

describe('inventory_levels/update', () => {
  it('comes back as an observation of what the store shows, in canonical names, for the runner to reconcile', async () => {
    sandbox.addLocation(north);
    const itemId = sandbox.addInventoryItem('REMOTE-BLACK');
    const webhook = sandbox.webhook('inventory_levels/update', levelBody(itemId, 7));
    const shopify = connector();
    await shopify.webhooks?.verify(webhook);
    const parsed = await shopify.webhooks?.parse(webhook);
    expect(parsed?.events).toEqual([]);
    expect(parsed?.failures).toEqual([]);
    expect(parsed?.records).toEqual([
      expect.objectContaining({
        sku: 'SKU-BLACK',
        location: 'wh-north',
        quantities: { available: 7 },
        observedAt: '2026-11-27T10:00:00-05:00',
      }),
    ]);
  });

  it('reports an item with no mapped SKU, or at an unmapped location, as an item failure', async () => {
    const unknownItem = sandbox.addInventoryItem('NOBODY-KNOWS');
    const shopify = connector();
    const unmappedSku = await shopify.webhooks?.parse(
      sandbox.webhook('inventory_levels/update', levelBody(unknownItem, 3)),
    );
    expect(unmappedSku?.records).toEqual([]);
    expect(unmappedSku?.failures.map((failure) => failure.error.name)).toEqual(['UnmappedSkuError']);
    const known = sandbox.itemIdOf('REMOTE-BLACK') ?? sandbox.addInventoryItem('REMOTE-BLACK');
    const unmappedLocation = await shopify.webhooks?.parse(
      sandbox.webhook('inventory_levels/update', levelBody(known, 3, 4242)),
    );
    expect(unmappedLocation?.failures.map((failure) => failure.error.name)).toEqual(['UnmappedLocationError']);
  });

  it('ignores an untracked item (no available quantity) and refuses a body that is not a level', async () => {
    const itemId = sandbox.itemIdOf('REMOTE-BLACK') ?? sandbox.addInventoryItem('REMOTE-BLACK');
    const shopify = connector();
    expect(
      (await shopify.webhooks?.parse(sandbox.webhook('inventory_levels/update', levelBody(itemId, null))))?.records,
    ).toEqual([]);
    await expect(
      shopify.webhooks?.parse(sandbox.webhook('inventory_levels/update', JSON.stringify({ nothing: 'here' }))),
    ).rejects.toMatchObject({ name: 'MalformedPayloadError' });
  });
});
