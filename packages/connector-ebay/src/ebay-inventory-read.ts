import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  MalformedPayloadError,
  type RemoteInventoryRecordV2,
  type SnapshotPageV2,
  type SnapshotRequestV2,
} from '@stockwire/connector-spec';
import { z } from 'zod';
import type { EbayClient } from './ebay-client.ts';
import { fetchEbayListing, type ListingDirectory } from './ebay-offers.ts';
import { ebayConfigurationError } from './ebay-settings.ts';

const InventoryPage = z.looseObject({ inventoryItems: z.array(z.unknown()).nullish(), next: z.string().nullish() });
/**
 * One item of getInventoryItems (InventoryItemWithSkuLocaleGroupid), leniently: the SKU, its ship-to-home total
 * and its quantity per merchant location (`availabilityDistributions`).
 */
const InventoryItem = z.looseObject({
  sku: z.string(),
  availability: z
    .looseObject({
      shipToLocationAvailability: z
        .looseObject({
          quantity: z.number().int().min(0).nullish(),
          availabilityDistributions: z
            .array(z.looseObject({ merchantLocationKey: z.string(), quantity: z.number().int().min(0).nullish() }))
            .nullish(),
        })
        .nullish(),
    })
    .nullish(),
});

export interface EbaySnapshotContext {
  readonly client: EbayClient;
  readonly mapping: ConnectionMappingV2;
  readonly connection: string;
  readonly listings: ListingDirectory;
  readonly pageSize: number;
  readonly now: () => Date;
  /** The location key standing for the undistributed ship-to-home quantity (setting `shipToHomeLocation`). */
  readonly shipToHomeLocation?: string | undefined;
}

/**
 * One page of inventory items (`GET /inventory_item`, whose `offset` is a page number, not a count): one record per
 * merchant location the item's quantity is distributed over, `available` being what that location offers for sale.
 * eBay dates neither items nor offers, so `observedAt` is when the page was answered.
 */
export async function readEbaySnapshot(
  context: EbaySnapshotContext,
  request: SnapshotRequestV2,
): Promise<SnapshotPageV2> {
  const page = request.cursor === undefined ? 0 : Number(request.cursor);
  if (!Number.isInteger(page) || page < 0) {
    throw ebayConfigurationError(
      context.connection,
      `the snapshot cursor "${request.cursor}" is not an eBay page number; restart the snapshot`,
    );
  }
  const answer = await context.client.call({
    operation: 'getInventoryItems',
    method: 'GET',
    path: '/sell/inventory/v1/inventory_item',
    query: { limit: context.pageSize, offset: page },
    responseSchema: InventoryPage,
  });
  const observedAt = context.now().toISOString();
  const records: RemoteInventoryRecordV2[] = [];
  const failures: ItemFailureV2[] = [];
  const items = answer.data?.inventoryItems ?? [];
  for (const [index, raw] of items.entries()) {
    const where = `getInventoryItems page ${page} $.inventoryItems[${index}]`;
    const item = InventoryItem.safeParse(raw);
    if (!item.success) {
      const error = MalformedPayloadError.fromZodError(`the inventory item at ${where}`, item.error, {
        connection: context.connection,
        vendorBody: raw,
      });
      failures.push({ where, error });
      continue;
    }
    const shipTo = item.data.availability?.shipToLocationAvailability;
    const distributions = shipTo?.availabilityDistributions ?? [];
    if (distributions.length === 0 && context.shipToHomeLocation !== undefined) {
      const record = await shipToHomeRecord(context, item.data.sku, shipTo?.quantity ?? 0, where, observedAt);
      if (record !== undefined && 'failure' in record) failures.push(record.failure);
      else if (record !== undefined) records.push(record.value);
      continue;
    }
    for (const distribution of distributions) {
      const translated = captureItemFailure(
        `${where} (SKU ${item.data.sku} at ${distribution.merchantLocationKey})`,
        () => {
          const sku = context.mapping.toCanonicalSku(item.data.sku);
          return {
            sku,
            location: context.mapping.toCanonicalLocation(distribution.merchantLocationKey),
            quantities: { available: (distribution.quantity ?? 0) * context.mapping.unitsPer(sku) },
            observedAt,
            raw: { sku: item.data.sku, shipToLocationQuantity: shipTo?.quantity, distribution },
          };
        },
      );
      if ('failure' in translated) failures.push(translated.failure);
      else records.push(translated.value);
    }
  }
  const more = answer.data?.next != null && items.length > 0;
  return { records, failures, ...(more ? { nextCursor: String(page + 1) } : {}) };
}

/**
 * An undistributed item: what buyers can buy is its published offer's `availableQuantity` (the ship-to-home total
 * when the offer sets none). An item with no published offer is not for sale and is not reported.
 */
async function shipToHomeRecord(
  context: EbaySnapshotContext,
  externalSku: string,
  shipToQuantity: number,
  where: string,
  observedAt: string,
) {
  const { listing } = await fetchEbayListing(context.client, externalSku);
  if (listing === undefined) return undefined;
  await context.listings.remember(listing);
  return captureItemFailure(`${where} (SKU ${externalSku}, ship-to-home)`, () => {
    const sku = context.mapping.toCanonicalSku(externalSku);
    return {
      sku,
      location: context.mapping.toCanonicalLocation(context.shipToHomeLocation ?? ''),
      quantities: { available: (listing.availableQuantity ?? shipToQuantity) * context.mapping.unitsPer(sku) },
      observedAt,
      raw: { sku: externalSku, shipToLocationQuantity: shipToQuantity, offer: listing },
    };
  });
}
