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

/**
 * An adjustment's location: `location_id` in the API version of Square's published OpenAPI (2025-08-20, which the
 * SDK does not know and passes through in snake_case), `from_location_id` / `to_location_id` in the version SDK 46
 * sends (2026-09-16). Both are read; an adjustment within one store has the same id in both.
 */
const adjustmentSchema = z
  .object({
    id: z.string().min(1),
    referenceId: z.string().nullish(),
    fromState: z.string().nullish(),
    toState: z.string().nullish(),
    location_id: z.string().min(1).nullish(),
    locationId: z.string().min(1).nullish(),
    fromLocationId: z.string().min(1).nullish(),
    toLocationId: z.string().min(1).nullish(),
    catalogObjectId: z.string().min(1),
    quantity: z.string().nullish(),
    occurredAt: z.string().nullish(),
    createdAt: z.string().nullish(),
  })
  .refine((adjustment) => locationOf(adjustment) !== undefined, {
    message: 'expected a location id (location_id, or from_location_id / to_location_id)',
    path: ['location_id'],
  })
  .transform(({ location_id, locationId, fromLocationId, toLocationId, ...adjustment }) => ({
    ...adjustment,
    locationId: locationOf({ location_id, locationId, fromLocationId, toLocationId }) as string,
  }));

function locationOf(adjustment: {
  location_id?: string | null | undefined;
  locationId?: string | null | undefined;
  fromLocationId?: string | null | undefined;
  toLocationId?: string | null | undefined;
}): string | undefined {
  return (
    adjustment.locationId ?? adjustment.location_id ?? adjustment.toLocationId ?? adjustment.fromLocationId ?? undefined
  );
}

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
export type SquareInventoryChange = z.output<typeof SquareInventoryChangeSchema>;
export type SquareInventoryAdjustment = z.output<typeof adjustmentSchema>;
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

/** `catalog.version.updated`: only the new version's time is read (leniently: the catalog is reloaded anyway). */
export const SquareCatalogVersionUpdatedSchema = z.object({
  data: z
    .object({
      object: z.object({ catalog_version: z.object({ updated_at: z.string().min(1).nullish() }).nullish() }).nullish(),
    })
    .nullish(),
});

/** Every webhook carries these; `type` decides how the rest is read. */
export const SquareWebhookEnvelopeSchema = z.object({
  type: z.string().min(1),
  event_id: z.string().min(1),
  created_at: z.string().nullish(),
});
