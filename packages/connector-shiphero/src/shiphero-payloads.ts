import { z } from 'zod';

/**
 * The vendor shapes the connector reads, lenient (`.nullish()`, only the fields used) so harmless API additions
 * never break a sync. Field names and types follow the introspected schema (`WarehouseProduct`, `InventoryChange`)
 * and the documented webhook examples.
 */

const count = z.number().int().nullish();

export const WarehouseProductSchema = z.object({
  id: z.string().nullish(),
  sku: z.string().min(1),
  warehouse_id: z.string().min(1),
  on_hand: count,
  allocated: count,
  available: count,
  backorder: count,
  reserve_inventory: count,
  non_sellable_quantity: count,
  sell_ahead: count,
  updated_at: z.string().nullish(),
});
export type WarehouseProduct = z.infer<typeof WarehouseProductSchema>;

export const InventoryChangeSchema = z.object({
  sku: z.string().min(1),
  warehouse_id: z.string().min(1),
  previous_on_hand: z.number().int(),
  change_in_on_hand: z.number().int(),
  reason: z.string().nullish(),
  cycle_counted: z.boolean().nullish(),
  created_at: z.string().min(1),
});
export type InventoryChange = z.infer<typeof InventoryChangeSchema>;

/** A Relay page as ShipHero answers it; nodes are read one by one so a bad one fails alone. */
export const PageSchema = z.object({
  request_id: z.string().nullish(),
  complexity: z.number().nullish(),
  data: z.object({
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }),
    edges: z.array(z.object({ node: z.unknown() }).nullable()),
  }),
});

/** Numbers in the Inventory Update webhook come as strings ("148") or numbers, depending on the field. */
const countText = z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform(Number);

/** https://developer.shiphero.com/webhooks/inventory-update-webhook */
export const InventoryUpdateWarehouseSchema = z.object({
  warehouse_id: z.union([z.number(), z.string()]).nullish(),
  warehouse_uuid: z.string().nullish(),
  inventory: countText,
  on_hand: countText,
  backorder_quantity: countText.nullish(),
  sell_ahead: countText.nullish(),
  reserve: countText.nullish(),
  non_sellable: countText.nullish(),
});

export const InventoryUpdateLineSchema = z.object({
  sku: z.string().min(1),
  updated_warehouse: InventoryUpdateWarehouseSchema,
  /** Only the legacy format carries one (epoch seconds). */
  timestamp: z.number().nullish(),
});

export const InventoryUpdateWebhookSchema = z.object({
  webhook_type: z.literal('Inventory Update'),
  account_id: z.number().nullish(),
  inventory: z.array(z.unknown()),
});

/** https://developer.shiphero.com/webhooks/inventory-change-webhook — one bin's change, with the warehouse total. */
export const InventoryChangeWebhookSchema = z.object({
  webhook_type: z.literal('Inventory Change'),
  warehouse_id: z.union([z.number(), z.string()]).nullish(),
  warehouse_uuid: z.string().nullish(),
  sku: z.string().min(1),
  quantity: z.number().int(),
  old_quantity: z.number().int(),
  previous_on_hand: z.number().int(),
  location_name: z.string().nullish(),
  timestamp: z.string().min(1),
  reason: z.string().nullish(),
  source: z.string().nullish(),
});
export type InventoryChangeWebhook = z.infer<typeof InventoryChangeWebhookSchema>;

/** The webhook types this connector reads. */
export const shipHeroWebhookTypes = ['Inventory Update', 'Inventory Change'] as const;
