import type { VendureTestServer } from './vendure-test-server.ts';

/** One stock level as a seed names it: a stock location id and the units on hand there. */
export interface SeedStockLevel {
  readonly stockLocationId: string;
  readonly stockOnHand: number;
}

/** Creates a stock location (assigned to the default channel, as the Admin API does for the active channel). */
export async function createStockLocation(vendure: VendureTestServer, name: string): Promise<string> {
  const answer = await vendure.admin<{ createStockLocation: { id: string } }>(
    'mutation ($input: CreateStockLocationInput!) { createStockLocation(input: $input) { id } }',
    { input: { name, description: `${name} (Stockwire tests)` } },
  );
  return answer.createStockLocation.id;
}

/** A product with one variant under this SKU, holding these levels; returns the variant id. */
export async function createVariant(
  vendure: VendureTestServer,
  sku: string,
  stockLevels: readonly SeedStockLevel[] = [],
): Promise<string> {
  const slug = sku.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const product = await vendure.admin<{ createProduct: { id: string } }>(
    'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }',
    {
      input: { translations: [{ languageCode: 'en', name: `Product ${sku}`, slug, description: `Seeded ${sku}` }] },
    },
  );
  const variants = await vendure.admin<{ createProductVariants: Array<{ id: string }> }>(
    'mutation ($input: [CreateProductVariantInput!]!) { createProductVariants(input: $input) { id } }',
    {
      input: [
        {
          productId: product.createProduct.id,
          sku,
          price: 1_000,
          trackInventory: 'TRUE',
          translations: [{ languageCode: 'en', name: `Variant ${sku}` }],
          stockLevels,
        },
      ],
    },
  );
  const variant = variants.createProductVariants[0];
  if (variant === undefined) throw new Error(`Vendure created no variant for ${sku}`);
  return variant.id;
}

/** Sets absolute stock on hand at each named location, the way an admin would in the dashboard. */
export async function setStockLevels(
  vendure: VendureTestServer,
  variantId: string,
  stockLevels: readonly SeedStockLevel[],
): Promise<void> {
  await vendure.admin(
    'mutation ($input: [UpdateProductVariantInput!]!) { updateProductVariants(input: $input) { id } }',
    { input: [{ id: variantId, stockLevels }] },
  );
}

export interface SeededStockLevel {
  readonly stockLocationId: string;
  readonly stockOnHand: number;
  readonly stockAllocated: number;
}

/** What Vendure holds for one variant, read with the superadmin (not through the connector under test). */
export async function readStockLevels(vendure: VendureTestServer, variantId: string): Promise<SeededStockLevel[]> {
  const answer = await vendure.admin<{ productVariant: { stockLevels: SeededStockLevel[] } | null }>(
    'query ($id: ID!) { productVariant(id: $id) { stockLevels { stockLocationId stockOnHand stockAllocated } } }',
    { id: variantId },
  );
  return answer.productVariant?.stockLevels ?? [];
}

/** Every variant id by SKU in the default channel. */
export async function variantIdsBySku(vendure: VendureTestServer): Promise<Map<string, string>> {
  const answer = await vendure.admin<{ productVariants: { items: Array<{ id: string; sku: string }> } }>(
    '{ productVariants(options: { take: 1000 }) { items { id sku } } }',
  );
  return new Map(answer.productVariants.items.map((variant) => [variant.sku, variant.id]));
}

/** Creates an API key with the SuperAdmin role and returns its secret (shown once, as Vendure's dashboard does). */
export async function createSuperAdminApiKey(vendure: VendureTestServer, name: string): Promise<string> {
  const roles = await vendure.admin<{ roles: { items: Array<{ id: string; code: string }> } }>(
    '{ roles { items { id code } } }',
  );
  const superAdmin = roles.roles.items.find((role) => role.code === '__super_admin_role__');
  if (superAdmin === undefined) throw new Error('Vendure has no SuperAdmin role');
  const answer = await vendure.admin<{ createApiKey: { apiKey: string } }>(
    'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey } }',
    { input: { roleIds: [superAdmin.id], translations: [{ languageCode: 'en', name }] } },
  );
  return answer.createApiKey.apiKey;
}
