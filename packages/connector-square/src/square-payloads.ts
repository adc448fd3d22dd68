import { z } from 'zod';

/**
 * Lenient shapes of what the connector reads from Square (only the fields it uses; `.nullish()` everywhere), so a
 * harmless API addition never breaks a sync. The SDK hands responses over in camelCase without validating them
 * (`skipValidation`), so these are checked here; webhooks arrive as Square's snake_case JSON.
 * https://developer.squareup.com/reference/square/objects/InventoryCount
 */
export const SquareInventoryCountSchema = z.object({
  catalogObjectId: z.string().min(1),
  catalogObjectType: z.string().nullish(),
  state: z.string().min(1),
  locationId: z.string().min(1),
  quantity: z.string().nullish(),
  calculatedAt: z.string().nullish(),
});
export type SquareInventoryCount = z.infer<typeof SquareInventoryCountSchema>;

const adjustmentSchema = z.object({
  id: z.string().min(1),
  referenceId: z.string().nullish(),
  fromState: z.string().nullish(),
  toState: z.string().nullish(),
  locationId: z.string().min(1),
  catalogObjectId: z.string().min(1),
  quantity: z.string().nullish(),
  occurredAt: z.string().nullish(),
  createdAt: z.string().nullish(),
});

const physicalCountSchema = z.object({
  id: z.string().min(1),
  referenceId: z.string().nullish(),
  catalogObjectId: z.string().min(1),
  state: z.string().nullish(),
  locationId: z.string().min(1),
  quantity: z.string().nullish(),
  occurredAt: z.string().nullish(),
  createdAt: z.string().nullish(),
});

const transferSchema = z.object({
  id: z.string().min(1),
  catalogObjectId: z.string().nullish(),
  fromLocationId: z.string().nullish(),
  toLocationId: z.string().nullish(),
  occurredAt: z.string().nullish(),
  createdAt: z.string().nullish(),
});

/** https://developer.squareup.com/reference/square/objects/InventoryChange */
export const SquareInventoryChangeSchema = z.object({
  type: z.string().nullish(),
  physicalCount: physicalCountSchema.nullish(),
  adjustment: adjustmentSchema.nullish(),
  transfer: transferSchema.nullish(),
});
export type SquareInventoryChange = z.infer<typeof SquareInventoryChangeSchema>;
export type SquareInventoryAdjustment = z.infer<typeof adjustmentSchema>;
export type SquarePhysicalCount = z.infer<typeof physicalCountSchema>;

/** An ITEM_VARIATION from catalog search: its id and SKU are all the connector needs. */
export const SquareCatalogVariationSchema = z.object({
  type: z.string(),
  id: z.string().min(1),
  isDeleted: z.boolean().nullish(),
  itemVariationData: z.object({ sku: z.string().nullish(), trackInventory: z.boolean().nullish() }).nullish(),
});

/** The `inventory.count.updated` webhook, as Square posts it (snake_case). */
export const SquareInventoryCountUpdatedSchema = z.object({
  merchant_id: z.string().nullish(),
  type: z.literal('inventory.count.updated'),
  event_id: z.string().min(1),
  created_at: z.string().nullish(),
  data: z.object({
    type: z.string().nullish(),
    id: z.string().nullish(),
    object: z.object({
      inventory_counts: z.array(
        z.object({
          catalog_object_id: z.string().min(1),
          catalog_object_type: z.string().nullish(),
          state: z.string().min(1),
          location_id: z.string().min(1),
          quantity: z.string().nullish(),
          calculated_at: z.string().nullish(),
        }),
      ),
    }),
  }),
});
export type SquareInventoryCountUpdated = z.infer<typeof SquareInventoryCountUpdatedSchema>;

/** Every webhook carries these; `type` decides how the rest is read. */
export const SquareWebhookEnvelopeSchema = z.object({
  type: z.string().min(1),
  event_id: z.string().min(1),
  created_at: z.string().nullish(),
});
