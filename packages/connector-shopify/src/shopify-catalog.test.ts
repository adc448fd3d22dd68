import { describe, expect, it } from 'vitest';
import { createShopifyCatalog } from './shopify-catalog.ts';
import type { ShopifyGraphql } from './shopify-graphql.ts';

interface Node {
  id: string;
  sku?: string | null;
  variant?: { id: string; inventoryPolicy?: string | null; product: { id: string } } | null;
}

/** A store answering InventoryItemsBySku from fixed pages, counting the pages asked for. */
function storeOf(pages: Node[][]): ShopifyGraphql & { asked: number } {
  const store = {
    asked: 0,
    async request(request: { variables: Record<string, unknown> }) {
      store.asked++;
      const index = request.variables.after === null ? 0 : Number(request.variables.after);
      const hasNextPage = index + 1 < pages.length;
      // As from the wire: parsed JSON, not the test's own objects.
      return JSON.parse(
        JSON.stringify({
          inventoryItems: { nodes: pages[index], pageInfo: { hasNextPage, endCursor: String(index + 1) } },
        }),
      );
    },
  };
  return store;
}

const item = (number: number) => `gid://shopify/InventoryItem/${number}`;
const variant = (number: number, policy = 'DENY') => ({
  id: `gid://shopify/ProductVariant/${number}`,
  inventoryPolicy: policy,
  product: { id: `gid://shopify/Product/${Math.floor(number / 10)}` },
});

describe('the Shopify catalog', () => {
  it('maps SKUs to inventory items and back, with each item’s variant, across pages', async () => {
    const store = storeOf([
      [{ id: item(44_000_000_000_001), sku: 'A', variant: variant(55_000_000_000_001) }],
      [
        { id: item(44_000_000_000_002), sku: 'B', variant: variant(55_000_000_000_012, 'CONTINUE') },
        { id: item(44_000_000_000_003), sku: '', variant: variant(55_000_000_000_013) },
        { id: item(44_000_000_000_004), sku: 'C', variant: null },
      ],
    ]);
    const catalog = createShopifyCatalog(store, 'shop');
    expect(await catalog.inventoryItemOf('B')).toBe(item(44_000_000_000_002));
    expect(await catalog.inventoryItemOf('A')).toBe(item(44_000_000_000_001));
    expect(await catalog.skuOf(item(44_000_000_000_004))).toBe('C');
    expect(catalog.variantOf(item(44_000_000_000_002))).toEqual({
      id: 'gid://shopify/ProductVariant/55000000000012',
      productId: 'gid://shopify/Product/5500000000001',
      inventoryPolicy: 'CONTINUE',
    });
    expect(catalog.variantOf(item(44_000_000_000_004))).toBeUndefined();
    // An item without a SKU is not kept; an unknown SKU is unknown once every page is read, which is not read again.
    expect(await catalog.skuOf(item(44_000_000_000_003))).toBeUndefined();
    expect(await catalog.inventoryItemOf('Z')).toBeUndefined();
    expect(store.asked).toBe(2);
    expect(catalog.requestsMade).toBe(2);
  });

  it('gives back ids of any other form exactly as the store sent them', async () => {
    const odd = ['gid://shopify/InventoryItem/007', 'gid://shopify/InventoryItem/12345678901234567890', 'plain-1'];
    const store = storeOf([
      [
        { id: odd[0] ?? '', sku: 'A', variant: { id: 'v-1', product: { id: 'gid://shopify/Product/01' } } },
        { id: odd[1] ?? '', sku: 'B', variant: null },
        { id: odd[2] ?? '', sku: 'C', variant: null },
        // Digits alone are not the item whose global id ends in them.
        { id: '7', sku: 'D', variant: null },
      ],
    ]);
    const catalog = createShopifyCatalog(store, 'shop');
    expect(await catalog.inventoryItemOf('A')).toBe(odd[0]);
    expect(await catalog.inventoryItemOf('B')).toBe(odd[1]);
    expect(await catalog.inventoryItemOf('C')).toBe(odd[2]);
    expect(await catalog.skuOf('gid://shopify/InventoryItem/7')).toBeUndefined();
    expect(await catalog.skuOf('7')).toBe('D');
    expect(catalog.variantOf(odd[0] ?? '')).toEqual({
      id: 'v-1',
      productId: 'gid://shopify/Product/01',
      inventoryPolicy: undefined,
    });
  });

  it('keeps a policy it wrote, and the latest item of a SKU read twice', async () => {
    const store = storeOf([
      [
        { id: item(1_001), sku: 'A', variant: variant(2_001) },
        { id: item(1_002), sku: 'A', variant: variant(2_002) },
        // Read again without its variant: it keeps the one it had.
        { id: item(1_001), sku: 'A2', variant: null },
      ],
    ]);
    const catalog = createShopifyCatalog(store, 'shop');
    expect(await catalog.inventoryItemOf('A')).toBe(item(1_002));
    expect(await catalog.skuOf(item(1_001))).toBe('A2');
    expect(await catalog.skuOf(item(1_002))).toBe('A');
    expect(catalog.variantOf(item(1_001))?.id).toBe('gid://shopify/ProductVariant/2001');
    catalog.noteInventoryPolicy(item(1_002), 'CONTINUE');
    expect(catalog.variantOf(item(1_002))?.inventoryPolicy).toBe('CONTINUE');
    expect(catalog.variantOf(item(1_001))?.inventoryPolicy).toBe('DENY');
  });
});
