import { MalformedPayloadError } from '@stockwire/connector-spec';
import { z } from 'zod';
import { inventoryItemsBySkuCost, inventoryItemsBySkuDocument } from './shopify-documents.ts';
import type { ShopifyGraphql } from './shopify-graphql.ts';
import { shopifyMaxPageSize } from './shopify-rate-limits.ts';

const InventoryItemsPageSchema = z.object({
  inventoryItems: z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        sku: z.string().nullish(),
        variant: z
          .object({ id: z.string(), inventoryPolicy: z.string().nullish(), product: z.object({ id: z.string() }) })
          .nullish(),
      }),
    ),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }),
  }),
});

/** The product variant of an inventory item: where its listing status (inventory policy) is set. */
export interface ShopifyVariant {
  readonly id: string;
  readonly productId: string;
  /** `DENY` or `CONTINUE` as last read or written by this connector. */
  inventoryPolicy: string | undefined;
}

/** The store's SKUs and inventory item ids, loaded once per connector in pages of 250 and then cached. */
export interface ShopifyCatalog {
  /** The variant of an inventory item, once the catalog has loaded it. */
  variantOf(inventoryItemId: string): ShopifyVariant | undefined;
  /** The inventory item id of a Shopify SKU, or undefined when the store sells no variant with it. */
  inventoryItemOf(sku: string): Promise<string | undefined>;
  /** The SKU of an inventory item, or undefined when the item has none. */
  skuOf(inventoryItemId: string): Promise<string | undefined>;
  /** Calls made to load the catalog so far, for the efficiency accounting of pushes. */
  readonly requestsMade: number;
}

export function createShopifyCatalog(graphql: ShopifyGraphql, connection: string): ShopifyCatalog {
  const bySku = new Map<string, string>();
  const byItem = new Map<string, string>();
  const variants = new Map<string, ShopifyVariant>();
  let after: string | undefined;
  let complete = false;
  let requestsMade = 0;
  // A load interrupted by a rate limit keeps its pages and resumes at its cursor on the next call.
  let loading: Promise<void> | undefined;
  const load = async () => {
    while (!complete) {
      requestsMade++;
      const data = await graphql.request({
        operation: 'InventoryItemsBySku',
        document: inventoryItemsBySkuDocument,
        variables: { first: shopifyMaxPageSize, after: after ?? null },
        estimatedCost: inventoryItemsBySkuCost(shopifyMaxPageSize),
      });
      const parsed = InventoryItemsPageSchema.safeParse(data);
      if (!parsed.success) {
        throw MalformedPayloadError.fromZodError('the InventoryItemsBySku answer', parsed.error, {
          connection,
          vendorBody: data,
        });
      }
      for (const item of parsed.data.inventoryItems.nodes) {
        if (item.sku === null || item.sku === undefined || item.sku === '') continue;
        bySku.set(item.sku, item.id);
        byItem.set(item.id, item.sku);
        if (item.variant != null) {
          const { id, inventoryPolicy, product } = item.variant;
          variants.set(item.id, { id, productId: product.id, inventoryPolicy: inventoryPolicy ?? undefined });
        }
      }
      const { hasNextPage, endCursor } = parsed.data.inventoryItems.pageInfo;
      after = endCursor ?? undefined;
      complete = !hasNextPage || after === undefined;
    }
  };
  const ready = async () => {
    loading ??= load().finally(() => {
      loading = undefined;
    });
    await loading;
  };
  return {
    async inventoryItemOf(sku) {
      if (!bySku.has(sku)) await ready();
      return bySku.get(sku);
    },
    variantOf: (inventoryItemId) => variants.get(inventoryItemId),
    get requestsMade() {
      return requestsMade;
    },
    async skuOf(inventoryItemId) {
      if (!byItem.has(inventoryItemId)) await ready();
      return byItem.get(inventoryItemId);
    },
  };
}
