import {
  ConnectorError,
  MalformedPayloadError,
  PermanentItemError,
  type PushItemResultV2,
  type PushItemV2,
} from '@stockwire/connector-spec';
import { z } from 'zod';
import { shopifyInventoryPolicyOf } from './map-shopify-listing-status.ts';
import type { ShopifyCatalog } from './shopify-catalog.ts';
import { setInventoryPoliciesCost, setInventoryPoliciesDocument } from './shopify-documents.ts';
import { ShopifyUserErrorSchema } from './shopify-errors.ts';
import type { ShopifyGraphql } from './shopify-graphql.ts';

const SetPoliciesAnswerSchema = z.object({
  productVariantsBulkUpdate: z.object({ userErrors: z.array(ShopifyUserErrorSchema) }).nullish(),
});

interface Written {
  readonly item: PushItemV2;
  readonly where: string;
  readonly inventoryItemId: string;
}

/**
 * After the quantities: sets each variant's `inventoryPolicy` to what the item's listing status needs, for items
 * whose quantity was written or already right, and only where the policy differs from the one known. One call per
 * product (`productVariantsBulkUpdate` takes the variants of one product). A refused or failed call fails its items
 * (a retryable failure keeps them dirty, and the retry finds the quantity unchanged), so a status is never lost
 * behind a written quantity. Returns the calls made.
 */
export async function pushInventoryPolicies(
  dependencies: { readonly graphql: ShopifyGraphql; readonly catalog: ShopifyCatalog; readonly connection: string },
  written: readonly Written[],
  results: Map<string, PushItemResultV2>,
): Promise<number> {
  const { graphql, catalog, connection } = dependencies;
  const byProduct = new Map<string, { variantId: string; policy: string; entry: Written }[]>();
  for (const entry of written) {
    const variant = catalog.variantOf(entry.inventoryItemId);
    const policy = shopifyInventoryPolicyOf[entry.item.status];
    if (variant === undefined || variant.inventoryPolicy === policy) continue;
    const changes = byProduct.get(variant.productId) ?? [];
    changes.push({ variantId: variant.id, policy, entry });
    byProduct.set(variant.productId, changes);
  }
  let calls = 0;
  for (const [productId, changes] of byProduct) {
    const fail = (entry: Written, error: ConnectorError) =>
      results.set(entry.item.key, { key: entry.item.key, outcome: 'failed', error });
    calls++;
    let userErrors: z.infer<typeof ShopifyUserErrorSchema>[];
    try {
      const data = await graphql.request({
        operation: 'SetInventoryPolicies',
        document: setInventoryPoliciesDocument,
        variables: {
          productId,
          variants: changes.map(({ variantId, policy }) => ({ id: variantId, inventoryPolicy: policy })),
        },
        estimatedCost: setInventoryPoliciesCost,
      });
      const parsed = SetPoliciesAnswerSchema.safeParse(data);
      if (!parsed.success) {
        throw MalformedPayloadError.fromZodError('the SetInventoryPolicies answer', parsed.error, {
          connection,
          vendorBody: data,
        });
      }
      userErrors = parsed.data.productVariantsBulkUpdate?.userErrors ?? [];
    } catch (error) {
      if (!ConnectorError.isInstance(error)) throw error;
      for (const { entry } of changes) fail(entry, error);
      continue;
    }
    if (userErrors.length > 0) {
      // The whole product's update is refused (allowPartialUpdates is false): no variant of it changed.
      const reason = `Shopify refused the inventory policy: ${userErrors.map((error) => `${error.message ?? 'no message'} (${error.code ?? 'no code'})`).join('; ')}`;
      for (const { entry } of changes) fail(entry, new PermanentItemError({ connection, item: entry.where, reason }));
      continue;
    }
    for (const { variantId, policy, entry } of changes) {
      if (catalog.variantOf(entry.inventoryItemId)?.id === variantId) {
        catalog.noteInventoryPolicy(entry.inventoryItemId, policy);
      }
    }
  }
  return calls;
}
