import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  MalformedPayloadError,
  type RemoteInventoryRecordV2,
} from '@stockwire/connector-spec';
import { z } from 'zod';

/** One FBA inventory summary (fbaInventory.json InventorySummary), read leniently: only what we use. */
export const InventorySummary = z.object({
  sellerSku: z.string(),
  lastUpdatedTime: z.string().nullish(),
  totalQuantity: z.number().int().nullish(),
  inventoryDetails: z.object({ fulfillableQuantity: z.number().int().min(0).nullish() }).nullish(),
});

/** getInventorySummaries answer: summaries stay unknown until each is read on its own. */
export const InventorySummariesAnswer = z.object({
  payload: z.object({ inventorySummaries: z.array(z.unknown()) }),
  pagination: z.object({ nextToken: z.string().nullish() }).nullish(),
});

/**
 * One summary as a canonical record at the marketplace's location. `available` is Amazon's fulfillableQuantity:
 * what Amazon can pick, pack and ship now; reserved and inbound units are not sellable yet.
 */
export function mapInventorySummary(
  raw: unknown,
  index: number,
  marketplaceId: string,
  mapping: ConnectionMappingV2,
  observedAt: string,
): { record: RemoteInventoryRecordV2 } | { failure: ItemFailureV2 } {
  const where = `getInventorySummaries ${marketplaceId} $.payload.inventorySummaries[${index}]`;
  const parsed = InventorySummary.safeParse(raw);
  if (!parsed.success) {
    const error = MalformedPayloadError.fromZodError(
      `the FBA inventory summary ${index} of ${marketplaceId}`,
      parsed.error,
      {
        connection: mapping.connection,
        vendorBody: raw,
      },
    );
    return { failure: { where, error } };
  }
  const summary = parsed.data;
  const translated = captureItemFailure(`${where} (${summary.sellerSku})`, () => {
    const sku = mapping.toCanonicalSku(summary.sellerSku);
    const location = mapping.toCanonicalLocation(marketplaceId);
    const available = (summary.inventoryDetails?.fulfillableQuantity ?? 0) * mapping.unitsPer(sku);
    return { sku, location, quantities: { available }, observedAt: summary.lastUpdatedTime ?? observedAt, raw };
  });
  return 'failure' in translated ? { failure: translated.failure } : { record: translated.value };
}
