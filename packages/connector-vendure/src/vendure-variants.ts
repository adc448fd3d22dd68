import { z } from 'zod';

/**
 * The stock fields of a product variant. `ProductVariant.stockOnHand`/`stockAllocated` are deprecated ("use
 * stockLevels", admin-api schema 3.7.3): levels are per stock location, which is what a connection maps.
 */
export const variantStockFields = `id sku updatedAt enabled trackInventory outOfStockThreshold useGlobalOutOfStockThreshold
  stockLevels { stockLocationId stockOnHand stockAllocated updatedAt }`;

/** Lenient: only the fields we use, so a Vendure that adds fields never breaks a sync. */
export const StockLevelSchema = z.object({
  stockLocationId: z.union([z.string(), z.number()]).transform(String),
  stockOnHand: z.int(),
  stockAllocated: z.int(),
  updatedAt: z.string().nullish(),
});
export type VendureStockLevel = z.infer<typeof StockLevelSchema>;

export const VariantStockSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  sku: z.string(),
  updatedAt: z.string().nullish(),
  enabled: z.boolean().nullish(),
  trackInventory: z.enum(['TRUE', 'FALSE', 'INHERIT']).nullish(),
  outOfStockThreshold: z.int().nullish(),
  useGlobalOutOfStockThreshold: z.boolean().nullish(),
  stockLevels: z.array(StockLevelSchema),
});
export type VendureVariantStock = z.infer<typeof VariantStockSchema>;

export const VariantPageSchema = z.object({
  productVariants: z.object({ totalItems: z.int(), items: z.array(z.unknown()) }),
});

export const variantPageQuery = `query StockwireVariantStock($options: ProductVariantListOptions) {
  productVariants(options: $options) { totalItems items { ${variantStockFields} } } }`;

export const variantsBySkuQuery = `query StockwireVariantsBySku($skus: [String!]!, $take: Int!) {
  productVariants(options: { filter: { sku: { in: $skus } }, take: $take }) { totalItems items { ${variantStockFields} } } }`;

export const VariantsSchema = z.object({ productVariants: z.object({ items: z.array(VariantStockSchema) }) });

export const updateStockMutation = `mutation StockwireUpdateStock($input: [UpdateProductVariantInput!]!) {
  updateProductVariants(input: $input) { ${variantStockFields} } }`;

export const UpdatedVariantsSchema = z.object({ updateProductVariants: z.array(VariantStockSchema.nullable()) });

/** What the channel can sell at one location: Vendure allocates placed orders out of stock on hand. */
export function sellable(level: VendureStockLevel | undefined): number {
  return level === undefined ? 0 : level.stockOnHand - level.stockAllocated;
}
