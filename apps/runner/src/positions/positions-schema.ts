import { LocationIdSchema, NonNegativeQuantitySchema, SkuIdSchema, TimestampSchema } from '@stockwire/model';
import { z } from 'zod';

/** An expected delivery (purchase order, advance shipping notice) of one SKU to one location. */
export const IncomingDeliverySchema = z.strictObject({
  reference: z.string().min(1),
  quantity: NonNegativeQuantitySchema,
  expectedAt: TimestampSchema,
});

/**
 * What one location holds of one SKU, as a person would write it down for a preview. Every state but `onHand`
 * defaults to zero; the held states (`committed` … `safetyStock`) are parts of `onHand`, not added to it.
 */
export const PositionEntrySchema = z.strictObject({
  sku: SkuIdSchema,
  location: LocationIdSchema,
  onHand: NonNegativeQuantitySchema,
  committed: NonNegativeQuantitySchema.optional(),
  reserved: NonNegativeQuantitySchema.optional(),
  damaged: NonNegativeQuantitySchema.optional(),
  qualityControl: NonNegativeQuantitySchema.optional(),
  safetyStock: NonNegativeQuantitySchema.optional(),
  inTransit: NonNegativeQuantitySchema.optional(),
  incoming: z.array(IncomingDeliverySchema).default([]),
});
export type PositionEntry = z.infer<typeof PositionEntrySchema>;

export const PositionsFileSchema = z.strictObject({
  /** When these quantities were true; also the default "now" of a preview (preorder horizons count from it). */
  asOf: TimestampSchema.optional(),
  positions: z.array(PositionEntrySchema),
});
export type PositionsFile = z.infer<typeof PositionsFileSchema>;
