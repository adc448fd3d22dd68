import type { ListingStatus } from '@stockwire/model';

/** A product variant's `inventoryPolicy`: whether it can be bought when its `available` is 0 or less. */
export type ShopifyInventoryPolicy = 'DENY' | 'CONTINUE';

/**
 * What each listing status becomes in Shopify. Shopify keeps one listing state per variant, `inventoryPolicy`:
 * `CONTINUE` keeps selling past zero (backorders; preorders, whose stock is not there yet), `DENY` stops at zero.
 * Disabled and discontinued stop selling (`DENY`, with the 0 the model pushes); they never archive or unpublish the
 * product, which would hide every variant of it on every sales channel.
 * https://shopify.dev/docs/api/admin-graphql/latest/enums/ProductVariantInventoryPolicy
 */
export const shopifyInventoryPolicyOf = {
  'in-stock': 'DENY',
  'out-of-stock': 'DENY',
  backorder: 'CONTINUE',
  preorder: 'CONTINUE',
  disabled: 'DENY',
  discontinued: 'DENY',
} as const satisfies Record<ListingStatus, ShopifyInventoryPolicy>;

export const shopifyListingStatuses = Object.keys(shopifyInventoryPolicyOf) as ListingStatus[];
