import type { ConnectorError } from '@stockwire/connector-spec';
import { z } from 'zod';
import { EbayErrorSchema, ebayItemError } from './ebay-errors.ts';
import type { EbayPushContext, SkuUpdate } from './ebay-push.ts';

const Distributions = z
  .array(z.looseObject({ merchantLocationKey: z.string().nullish(), quantity: z.number().int().nullish() }))
  .nullish();
const ItemAnswer = z.looseObject({
  sku: z.string().nullish(),
  statusCode: z.number().nullish(),
  offerId: z.string().nullish(),
  errors: z.array(EbayErrorSchema).nullish(),
  inventoryItem: z
    .looseObject({
      availability: z
        .looseObject({
          shipToLocationAvailability: z
            .looseObject({ quantity: z.number().int().nullish(), availabilityDistributions: Distributions })
            .nullish(),
        })
        .nullish(),
    })
    .nullish(),
});
const BulkAnswer = z.looseObject({ responses: z.array(ItemAnswer).nullish() });

export interface ShownItem {
  readonly total: number;
  readonly distributions: Map<string, number>;
}

/** What eBay shows now for each SKU (its quantity per merchant location), or why it could not say. */
export async function readShownItems(
  context: EbayPushContext,
  skus: readonly string[],
): Promise<Map<string, ShownItem | ConnectorError>> {
  const answer = await context.client.call({
    operation: 'bulkGetInventoryItem',
    method: 'POST',
    path: '/sell/inventory/v1/bulk_get_inventory_item',
    body: { requests: skus.map((sku) => ({ sku })) },
    responseSchema: BulkAnswer,
  });
  const shown = new Map<string, ShownItem | ConnectorError>();
  for (const response of answer.data?.responses ?? []) {
    if (response.sku == null || !skus.includes(response.sku)) continue;
    if ((response.errors ?? []).length > 0 || (response.statusCode ?? 200) >= 300) {
      shown.set(
        response.sku,
        ebayItemError(response.errors ?? [], response.statusCode, {
          connection: context.connection,
          item: `SKU ${response.sku}`,
        }),
      );
      continue;
    }
    const shipTo = response.inventoryItem?.availability?.shipToLocationAvailability;
    const distributions = new Map<string, number>();
    for (const distribution of shipTo?.availabilityDistributions ?? []) {
      if (distribution.merchantLocationKey != null)
        distributions.set(distribution.merchantLocationKey, distribution.quantity ?? 0);
    }
    shown.set(response.sku, { total: shipTo?.quantity ?? 0, distributions });
  }
  return shown;
}

/** One request per SKU: every merchant location's quantity, their total, and the offer's available quantity. */
export async function sendQuantities(context: EbayPushContext, updates: readonly SkuUpdate[]) {
  const answer = await context.client.call({
    operation: 'bulkUpdatePriceQuantity',
    method: 'POST',
    path: '/sell/inventory/v1/bulk_update_price_quantity',
    body: {
      requests: updates.map((update) => {
        const total = update.shipToHome ?? [...update.distributions.values()].reduce((sum, value) => sum + value, 0);
        const distributed =
          update.shipToHome === undefined
            ? {
                availabilityDistributions: [...update.distributions].map(([merchantLocationKey, quantity]) => ({
                  merchantLocationKey,
                  quantity,
                })),
              }
            : {};
        return {
          sku: update.sku,
          shipToLocationAvailability: { quantity: total, ...distributed },
          ...(update.listing === undefined
            ? {}
            : { offers: [{ offerId: update.listing.offerId, availableQuantity: total }] }),
        };
      }),
    },
    responseSchema: BulkAnswer,
  });
  return answer.data?.responses ?? [];
}
