import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  MalformedPayloadError,
  type RemoteInventoryRecordV2,
} from '@stockwire/connector-spec';
import type { QuantityState } from '@stockwire/model';
import { z } from 'zod';

const count = z.number().int().min(0).nullish();

/** One FBA inventory summary (fbaInventory.json InventorySummary, InventoryDetails), read leniently: only what we use. */
export const InventorySummary = z.object({
  sellerSku: z.string(),
  lastUpdatedTime: z.string().nullish(),
  inventoryDetails: z
    .object({
      fulfillableQuantity: count,
      inboundShippedQuantity: count,
      inboundReceivingQuantity: count,
      reservedQuantity: z.object({ totalReservedQuantity: count, pendingCustomerOrderQuantity: count }).nullish(),
      researchingQuantity: z.object({ totalResearchingQuantity: count }).nullish(),
      unfulfillableQuantity: z.object({ totalUnfulfillableQuantity: count }).nullish(),
    })
    .nullish(),
});
export type InventorySummary = z.infer<typeof InventorySummary>;

/** getInventorySummaries answer: summaries stay unknown until each is read on its own. */
export const InventorySummariesAnswer = z.object({
  payload: z.object({ inventorySummaries: z.array(z.unknown()) }),
  pagination: z.object({ nextToken: z.string().nullish() }).nullish(),
});

type FbaQuantities = Partial<Record<QuantityState | 'available', number>>;

/**
 * Amazon's FBA buckets as canonical states, in Amazon's units (the table in the README). Every bucket of units
 * inside Amazon's network is on hand; what cannot be shipped now is held back as the state that says why, so the
 * canonical sellable (on hand less held states) is exactly Amazon's fulfillable quantity:
 * - reserved for customer orders → committed; the rest of reserved (transshipment, FC processing) → reserved;
 * - unfulfillable (damaged, defective, expired) → damaged; researching (misplaced, being confirmed) → qualityControl;
 * - inbound shipped and receiving (on their way, with tracking) → inTransit. Inbound "working" units (a shipment
 *   planned, not sent) are in no state: nothing has moved yet.
 * `available` stays Amazon's fulfillable quantity, what a buyer can order now.
 */
export function fbaQuantities(details: NonNullable<InventorySummary['inventoryDetails']>): FbaQuantities {
  const fulfillable = details.fulfillableQuantity ?? 0;
  const reservedTotal = details.reservedQuantity?.totalReservedQuantity ?? 0;
  const committed = Math.min(reservedTotal, details.reservedQuantity?.pendingCustomerOrderQuantity ?? 0);
  const damaged = details.unfulfillableQuantity?.totalUnfulfillableQuantity ?? 0;
  const qualityControl = details.researchingQuantity?.totalResearchingQuantity ?? 0;
  return {
    onHand: fulfillable + reservedTotal + damaged + qualityControl,
    committed,
    reserved: reservedTotal - committed,
    damaged,
    qualityControl,
    inTransit: (details.inboundShippedQuantity ?? 0) + (details.inboundReceivingQuantity ?? 0),
    available: fulfillable,
  };
}

/**
 * When Amazon observed the summary: its `lastUpdatedTime` ("the date and time that any quantity was last
 * updated"). A summary may carry it empty (defect #13.8: a record with `observedAt: ""` sorted before every real
 * observation), absent or unreadable: then the time the answer arrived (`answeredAt`) stands in, never nothing.
 */
export function fbaObservedAt(lastUpdatedTime: string | null | undefined, answeredAt: string): string {
  if (lastUpdatedTime === undefined || lastUpdatedTime === null || lastUpdatedTime.trim() === '') return answeredAt;
  const parsed = Date.parse(lastUpdatedTime);
  return Number.isNaN(parsed) ? answeredAt : new Date(parsed).toISOString();
}

/** One summary as a canonical record at the marketplace's location, in canonical units. */
export function mapInventorySummary(
  raw: unknown,
  index: number,
  marketplaceId: string,
  mapping: ConnectionMappingV2,
  answeredAt: string,
): { record: RemoteInventoryRecordV2 } | { failure: ItemFailureV2 } {
  const where = `getInventorySummaries ${marketplaceId} $.payload.inventorySummaries[${index}]`;
  const what = `the FBA inventory summary ${index} of ${marketplaceId}`;
  const parsed = InventorySummary.safeParse(raw);
  if (!parsed.success) {
    const error = MalformedPayloadError.fromZodError(what, parsed.error, {
      connection: mapping.connection,
      vendorBody: raw,
    });
    return { failure: { where, error } };
  }
  const summary = parsed.data;
  const details = summary.inventoryDetails;
  if (details === undefined || details === null) {
    // Asked with details=true: a summary without them says nothing of its states, and must not read as zero.
    const error = new MalformedPayloadError({
      connection: mapping.connection,
      what,
      path: '$.inventoryDetails',
      problem: 'missing although the request asked for details',
      vendorBody: raw,
    });
    return { failure: { where, error } };
  }
  const translated = captureItemFailure(`${where} (${summary.sellerSku})`, () => {
    const sku = mapping.toCanonicalSku(summary.sellerSku);
    const location = mapping.toCanonicalLocation(marketplaceId);
    const unitsPer = mapping.unitsPer(sku);
    const quantities = Object.fromEntries(
      Object.entries(fbaQuantities(details)).map(([state, quantity]) => [state, quantity * unitsPer]),
    );
    return { sku, location, quantities, observedAt: fbaObservedAt(summary.lastUpdatedTime, answeredAt), raw };
  });
  return 'failure' in translated ? { failure: translated.failure } : { record: translated.value };
}
