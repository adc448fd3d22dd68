import { z } from 'zod';
import type { MerchantAvailability } from './map-amazon-listing-status.ts';

/**
 * The merchant-fulfilled availability as a listings attribute. `DEFAULT` is the seller's own fulfillment channel
 * (FBM); Amazon's own channels (AMAZON_NA, …) are FBA and read-only here. `replace` sets the whole attribute, so a
 * lead time sent for a backorder is gone again with the next in-stock quantity.
 * https://developer-docs.amazon.com/sp-api/docs/listings-items-api-v2021-08-01-use-case-guide
 */
export function fulfillmentAvailabilityPatch(availability: MerchantAvailability) {
  return {
    op: 'replace' as const,
    path: '/attributes/fulfillment_availability',
    value: [
      {
        fulfillment_channel_code: 'DEFAULT',
        quantity: availability.quantity,
        ...(availability.leadTimeToShipMaxDays === undefined
          ? {}
          : { lead_time_to_ship_max_days: availability.leadTimeToShipMaxDays }),
      },
    ],
  };
}

/** The body of patchListingsItem that sets only the FBM availability. */
export function quantityPatchRequest(productType: string, availability: MerchantAvailability) {
  return { productType, patches: [fulfillmentAvailabilityPatch(availability)] };
}

/** One JSON_LISTINGS_FEED message that sets only the FBM availability (listings-feed-schema-v2, operationType PATCH). */
export function quantityFeedMessage(
  messageId: number,
  sku: string,
  productType: string,
  availability: MerchantAvailability,
) {
  return {
    messageId,
    sku,
    operationType: 'PATCH' as const,
    productType,
    patches: [fulfillmentAvailabilityPatch(availability)],
  };
}

/** searchListingsItems answer, read leniently: only the SKU and its fulfillment availability. */
export const SearchListingsItemsAnswer = z.object({
  items: z
    .array(
      z.object({
        sku: z.string(),
        fulfillmentAvailability: z
          .array(z.object({ fulfillmentChannelCode: z.string(), quantity: z.number().int().nullish() }))
          .nullish(),
      }),
    )
    .nullish(),
});

/** The FBM quantity each SKU shows now; a SKU without a DEFAULT quantity (or not found) is absent. */
export function merchantQuantities(answer: z.infer<typeof SearchListingsItemsAnswer>): Map<string, number> {
  const quantities = new Map<string, number>();
  for (const item of answer.items ?? []) {
    const own = item.fulfillmentAvailability?.find((entry) => entry.fulfillmentChannelCode === 'DEFAULT');
    if (typeof own?.quantity === 'number') quantities.set(item.sku, own.quantity);
  }
  return quantities;
}

/** patchListingsItem answer (ListingsItemSubmissionResponse), read leniently. */
export const ListingsSubmissionAnswer = z.object({
  status: z.string(),
  submissionId: z.string().nullish(),
  issues: z
    .array(z.object({ code: z.string().nullish(), message: z.string().nullish(), severity: z.string().nullish() }))
    .nullish(),
});
