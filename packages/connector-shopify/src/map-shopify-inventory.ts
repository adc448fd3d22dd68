import type { QuantityState } from '@stockwire/model';

/** A canonical state, or `available`, which Shopify stores and we only ever read or publish. */
export type ShopifyReadState = QuantityState | 'available';

/**
 * Shopify's named inventory quantities and their canonical names.
 * https://shopify.dev/docs/apps/build/orders-fulfillment/inventory-management-apps#inventory-states
 */
export const shopifyQuantityNames = {
  available: 'available',
  on_hand: 'onHand',
  committed: 'committed',
  reserved: 'reserved',
  damaged: 'damaged',
  safety_stock: 'safetyStock',
  quality_control: 'qualityControl',
  incoming: 'incoming',
} as const satisfies Record<string, ShopifyReadState>;

export type ShopifyQuantityName = keyof typeof shopifyQuantityNames;
export const shopifyQuantityNameList = Object.keys(shopifyQuantityNames) as ShopifyQuantityName[];

export function canonicalStateOf(name: string): ShopifyReadState | undefined {
  return Object.hasOwn(shopifyQuantityNames, name) ? shopifyQuantityNames[name as ShopifyQuantityName] : undefined;
}

/**
 * Webhooks (REST payloads) carry numeric ids; GraphQL and the connection's location mapping use global ids.
 * https://shopify.dev/docs/api/usage/gids
 */
export function globalId(type: 'Location' | 'InventoryItem', id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}
