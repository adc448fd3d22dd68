import { z } from 'zod';
import { ConnectionIdSchema, PositiveQuantitySchema, SkuIdSchema } from './identifiers.ts';

/** The same item under another name in one connection (an ERP number, a store SKU, a seller SKU). */
export const SkuAliasSchema = z.strictObject({
  connection: ConnectionIdSchema,
  value: z.string().min(1),
});

/**
 * How a connection counts this SKU: `unitsPer` canonical units make one of the connection's units (a WMS that
 * counts cases of 12 has `unitsPer: 12`).
 */
export const UnitOfMeasureSchema = z.strictObject({
  connection: ConnectionIdSchema,
  unit: z.string().min(1),
  unitsPer: PositiveQuantitySchema,
});

export const KitComponentSchema = z.strictObject({
  sku: SkuIdSchema,
  quantity: PositiveQuantitySchema,
});

export const SkuSchema = z.strictObject({
  id: SkuIdSchema,
  name: z.string().min(1).optional(),
  gtin: z
    .string()
    .regex(/^\d{8}$|^\d{12,14}$/, 'a GTIN has 8, 12, 13 or 14 digits')
    .optional(),
  aliases: z.array(SkuAliasSchema).default([]),
  units: z.array(UnitOfMeasureSchema).default([]),
  /** A kit (bundle) has no stock of its own: it is assembled from components at one location. */
  kit: z.strictObject({ components: z.array(KitComponentSchema).min(1) }).optional(),
  /** Discontinued SKUs publish zero and the status `discontinued` everywhere. */
  discontinued: z.boolean().default(false),
});

export type SkuAlias = z.infer<typeof SkuAliasSchema>;
export type UnitOfMeasure = z.infer<typeof UnitOfMeasureSchema>;
export type KitComponent = z.infer<typeof KitComponentSchema>;
export type Sku = z.infer<typeof SkuSchema>;
export type SkuInput = z.input<typeof SkuSchema>;
