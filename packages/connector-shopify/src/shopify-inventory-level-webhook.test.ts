import { createConnectionMapping } from '@stockwire/connector-kit';
import { buildCatalog } from '@stockwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopifySandbox, type ShopifySandbox } from './sandbox/index.ts';
import { createShopifyConnector } from './shopify-connector.ts';
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
function levelBody(
  inventoryItemId: string,
  available: number | null,
  locationNumber = 1001,
  updatedAt: string | null = '2026-11-27T10:00:00-05:00',
): string {
  return JSON.stringify({
    inventory_item_id: Number(inventoryItemId.split('/').pop()),
    location_id: locationNumber,
    available,
    updated_at: updatedAt,
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${locationNumber}?inventory_item_id=1`,
  });
}

/** The conformance configuration's SKU counted in cases of 12 on this connection. */
const conformanceCasePackedSku =
  conformanceConfiguration.skus.find((sku) => sku.units?.some((unit) => unit.connection === conformanceConnection))
    ?.id ?? 'no case-packed SKU in the conformance configuration';

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

  it('reports a case-packed SKU in canonical units, as the snapshot does (#13.4)', async () => {
    const catalog = buildCatalog(conformanceConfiguration);
    const casePacked = catalog.externalSku(conformanceConnection, conformanceCasePackedSku);
    const itemId = sandbox.itemIdOf(casePacked) ?? sandbox.addInventoryItem(casePacked);
    // The store counts this SKU in cases of 12: 14 cases on the shelf are 168 units.
    const webhook = sandbox.webhook('inventory_levels/update', levelBody(itemId, 14));
    const parsed = await connector().webhooks?.parse(webhook);
    expect(parsed?.records).toEqual([
      expect.objectContaining({ sku: conformanceCasePackedSku, location: 'wh-north', quantities: { available: 168 } }),
    ]);
  });

  it("carries Shopify's updated_at, so a delivery of an older level arriving late shows the older time (#13.5)", async () => {
    const itemId = sandbox.itemIdOf('REMOTE-BLACK') ?? sandbox.addInventoryItem('REMOTE-BLACK');
    const shopify = connector();
    // Shopify delivers out of order: the level of 10:05 arrives first, the level of 10:00 a while after it.
    const newer = sandbox.webhook('inventory_levels/update', levelBody(itemId, 4, 1001, '2026-11-27T10:05:00-05:00'), {
      triggeredAt: '2026-11-27T15:05:01.000Z',
    });
    const older = sandbox.webhook('inventory_levels/update', levelBody(itemId, 9, 1001, '2026-11-27T10:00:00-05:00'), {
      triggeredAt: '2026-11-27T15:00:01.000Z',
    });
    const [newerRecord] = (await shopify.webhooks?.parse(newer))?.records ?? [];
    const [olderRecord] = (await shopify.webhooks?.parse(older))?.records ?? [];
    expect(newerRecord?.observedAt).toBe('2026-11-27T10:05:00-05:00');
    expect(olderRecord?.observedAt).toBe('2026-11-27T10:00:00-05:00');
    // Both were received now; the times the engine orders by are Shopify's, and the late one is the older.
    expect(Date.parse(olderRecord?.observedAt ?? '')).toBeLessThan(Date.parse(newerRecord?.observedAt ?? ''));
    expect(Date.parse(older.receivedAt)).toBeGreaterThanOrEqual(Date.parse(newer.receivedAt));
  });

  it('falls back to X-Shopify-Triggered-At, then to the receive time, when updated_at is missing or unreadable', async () => {
    const itemId = sandbox.itemIdOf('REMOTE-BLACK') ?? sandbox.addInventoryItem('REMOTE-BLACK');
    const shopify = connector();
    const noUpdatedAt = sandbox.webhook('inventory_levels/update', levelBody(itemId, 2, 1001, null), {
      triggeredAt: '2026-11-27T15:00:01.000Z',
    });
    expect((await shopify.webhooks?.parse(noUpdatedAt))?.records?.[0]?.observedAt).toBe('2026-11-27T15:00:01.000Z');
    const unreadable = sandbox.webhook('inventory_levels/update', levelBody(itemId, 2, 1001, 'yesterday'), {
      triggeredAt: 'soon',
    });
    expect((await shopify.webhooks?.parse(unreadable))?.records?.[0]?.observedAt).toBe(unreadable.receivedAt);
  });
});
