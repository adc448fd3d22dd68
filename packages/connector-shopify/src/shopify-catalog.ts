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
  readonly inventoryPolicy: string | undefined;
}

/** The store's SKUs and inventory item ids, loaded once per connector in pages of 250 and then cached. */
export interface ShopifyCatalog {
  /** The variant of an inventory item, once the catalog has loaded it. */
  variantOf(inventoryItemId: string): ShopifyVariant | undefined;
  /** Keeps the inventory policy this connector has just written to an item's variant, so it is not written again. */
  noteInventoryPolicy(inventoryItemId: string, inventoryPolicy: string): void;
  /** The inventory item id of a Shopify SKU, or undefined when the store sells no variant with it. */
  inventoryItemOf(sku: string): Promise<string | undefined>;
  /** The SKU of an inventory item, or undefined when the item has none. */
  skuOf(inventoryItemId: string): Promise<string | undefined>;
  /** Calls made to load the catalog so far, for the efficiency accounting of pushes. */
  readonly requestsMade: number;
}

export function createShopifyCatalog(graphql: ShopifyGraphql, connection: string): ShopifyCatalog {
  const items = createCatalogItems();
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
        items.set(item.sku, item.id, item.variant ?? undefined);
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
      if (!items.hasSku(sku)) await ready();
      return items.inventoryItemOf(sku);
    },
    variantOf: (inventoryItemId) => items.variantOf(inventoryItemId),
    noteInventoryPolicy: (inventoryItemId, inventoryPolicy) => items.notePolicy(inventoryItemId, inventoryPolicy),
    get requestsMade() {
      return requestsMade;
    },
    async skuOf(inventoryItemId) {
      if (!items.hasItem(inventoryItemId)) await ready();
      return items.skuOf(inventoryItemId);
    },
  };
}

const itemPrefix = 'gid://shopify/InventoryItem/';
const variantPrefix = 'gid://shopify/ProductVariant/';
const productPrefix = 'gid://shopify/Product/';

/**
 * The catalog's items, held compactly: a store of 333,334 SKUs took 126 MiB of heap as three maps of objects and
 * global id strings (about 400 bytes per SKU), most of it the ids' repeated `gid://shopify/…/` prefixes and a map
 * entry per index (#14). Here the ids' numbers are kept in typed arrays (an id of another form is kept whole, beside
 * them), each SKU once, and the two maps only point at a row.
 */
function createCatalogItems() {
  const rowOfSku = new Map<string, number>();
  const rowOfItem = new Map<string, number>();
  const skus: string[] = [];
  // Each policy string once, not once per variant.
  const policies: (string | undefined)[] = [];
  const policyText = new Map<string, string>();
  const itemIds = createIdColumn(itemPrefix);
  const variantIds = createIdColumn(variantPrefix);
  const productIds = createIdColumn(productPrefix);
  const hasVariant: boolean[] = [];
  const internPolicy = (policy: string | null | undefined) => {
    if (policy === null || policy === undefined) return undefined;
    const known = policyText.get(policy);
    if (known !== undefined) return known;
    policyText.set(policy, policy);
    return policy;
  };
  const rowOfItemId = (inventoryItemId: string) => rowOfItem.get(itemIds.keyOf(inventoryItemId));
  return {
    /** As the maps did, a SKU or item read again takes its latest row; the row it had keeps its other key. */
    set(
      sku: string,
      inventoryItemId: string,
      variant: { id: string; inventoryPolicy?: string | null | undefined; product: { id: string } } | undefined,
    ) {
      const row = skus.length;
      skus.push(sku);
      itemIds.push(inventoryItemId);
      hasVariant.push(variant !== undefined);
      variantIds.push(variant?.id ?? '');
      productIds.push(variant?.product.id ?? '');
      policies.push(internPolicy(variant?.inventoryPolicy));
      const itemKey = itemIds.keyOf(inventoryItemId);
      const previousOfItem = rowOfItem.get(itemKey);
      // An item read again without a variant keeps the variant it had.
      if (variant === undefined && previousOfItem !== undefined && hasVariant[previousOfItem] === true) {
        hasVariant[row] = true;
        variantIds.copy(previousOfItem, row);
        productIds.copy(previousOfItem, row);
        policies[row] = policies[previousOfItem];
      }
      rowOfSku.set(sku, row);
      rowOfItem.set(itemKey, row);
    },
    hasSku: (sku: string) => rowOfSku.has(sku),
    hasItem: (inventoryItemId: string) => rowOfItemId(inventoryItemId) !== undefined,
    inventoryItemOf(sku: string): string | undefined {
      const row = rowOfSku.get(sku);
      return row === undefined ? undefined : itemIds.at(row);
    },
    skuOf(inventoryItemId: string): string | undefined {
      const row = rowOfItemId(inventoryItemId);
      return row === undefined ? undefined : skus[row];
    },
    variantOf(inventoryItemId: string): ShopifyVariant | undefined {
      const row = rowOfItemId(inventoryItemId);
      if (row === undefined || hasVariant[row] !== true) return undefined;
      return { id: variantIds.at(row), productId: productIds.at(row), inventoryPolicy: policies[row] };
    },
    notePolicy(inventoryItemId: string, inventoryPolicy: string) {
      const row = rowOfItemId(inventoryItemId);
      if (row !== undefined && hasVariant[row] === true) policies[row] = internPolicy(inventoryPolicy);
    },
  };
}

/**
 * Global ids of one kind (`gid://shopify/Product/123`): the number of each in a Float64Array (8 bytes), or, for an id
 * of any other form (or a number past 2^53), the whole id in a map beside it. `keyOf` is the short text a map of
 * these ids is keyed by: the number's digits, or the whole id after `=`.
 */
function createIdColumn(prefix: string) {
  let numbers = new Float64Array(1_024);
  let length = 0;
  const whole = new Map<number, string>();
  const numberOf = (id: string): number | undefined => {
    if (!id.startsWith(prefix)) return undefined;
    const digits = id.slice(prefix.length);
    const value = Number(digits);
    // Only an id the number writes back exactly (no leading zero, sign or exponent) is kept as its number.
    return Number.isSafeInteger(value) && String(value) === digits ? value : undefined;
  };
  const put = (row: number, value: number) => {
    if (row >= numbers.length) {
      const grown = new Float64Array(numbers.length * 2);
      grown.set(numbers);
      numbers = grown;
    }
    numbers[row] = value;
  };
  return {
    push(id: string) {
      const value = numberOf(id);
      if (value === undefined) whole.set(length, id);
      put(length, value ?? Number.NaN);
      length++;
    },
    copy(from: number, to: number) {
      put(to, numbers[from] ?? Number.NaN);
      const text = whole.get(from);
      if (text === undefined) whole.delete(to);
      else whole.set(to, text);
    },
    at(row: number): string {
      const value = numbers[row] ?? Number.NaN;
      return Number.isNaN(value) ? (whole.get(row) ?? '') : `${prefix}${value}`;
    },
    keyOf(id: string): string {
      // `=` marks a whole id, so an id that is only digits cannot meet the digits of a global id.
      // The digits written afresh from the number: a slice of the id would keep the whole id alive behind it.
      const value = numberOf(id);
      return value === undefined ? `=${id}` : String(value);
    },
  };
}
