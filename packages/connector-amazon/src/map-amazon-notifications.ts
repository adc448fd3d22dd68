import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  type RemoteInventoryRecordV2,
} from '@stockwire/connector-spec';
import type { InventoryEvent, OrderRecordInput } from '@stockwire/model';
import { z } from 'zod';
import { fbaQuantities } from './map-amazon-inventory.ts';
import { amazonOrderRecords } from './map-amazon-order-records.ts';
import { stageOf } from './map-amazon-orders.ts';

/** ORDER_CHANGE payload (OrderChangeNotification.json), read leniently. */
export const OrderChangePayload = z.object({
  OrderChangeNotification: z.object({
    AmazonOrderId: z.string(),
    Summary: z
      .object({
        MarketplaceId: z.string().nullish(),
        OrderStatus: z.string().nullish(),
        FulfillmentType: z.string().nullish(),
        OrderItems: z
          .array(z.object({ OrderItemId: z.string(), SellerSKU: z.string(), Quantity: z.number().int().min(0) }))
          .nullish(),
      })
      .nullish(),
  }),
});

/** FBA_INVENTORY_AVAILABILITY_CHANGES payload (FBAInventoryAvailabilityChangeNotification.json), read leniently. */
const count = z.number().int().min(0).nullish();
export const FbaAvailabilityPayload = z.object({
  SKU: z.string(),
  FulfillmentInventoryByMarketplace: z.array(
    z.object({
      MarketplaceId: z.string(),
      FulfillmentInventory: z.object({
        Fulfillable: z.number().int().min(0),
        Unfulfillable: count,
        Researching: count,
        InboundQuantityBreakdown: z.object({ Shipped: count, Receiving: count }).nullish(),
        ReservedQuantityBreakdown: z
          .object({ WarehouseProcessing: count, WarehouseTransfer: count, PendingCustomerOrder: count })
          .nullish(),
      }),
    }),
  ),
});

/** LISTINGS_ITEM_MFN_QUANTITY_CHANGE payload (ListingsItemMfnQuantityChange.json), read leniently. */
export const MfnQuantityPayload = z.object({
  Sku: z.string(),
  FulfillmentChannelCode: z.string().nullish(),
  Quantity: z.number().int().min(0),
});

/** Order statuses as ORDER_CHANGE spells them (unlike searchOrders' capitals). */
const orderKind: Readonly<Record<string, InventoryEvent['kind'] | undefined>> = {
  Pending: 'reservation-created',
  Unshipped: 'reservation-created',
  PartiallyShipped: 'reservation-created',
  Shipped: 'reservation-consumed',
  Canceled: 'reservation-released',
};

/**
 * A merchant-fulfilled order change as reservation events, with the same idempotency keys the orders poll gives
 * (`connection/order/item/kind`), so a change seen both ways is applied once.
 */
export function mapOrderChange(
  payload: z.infer<typeof OrderChangePayload>,
  occurredAt: string,
  mapping: ConnectionMappingV2,
  options: { route?: boolean } = {},
): { events: InventoryEvent[]; orders?: OrderRecordInput[]; failures: ItemFailureV2[] } {
  const change = payload.OrderChangeNotification;
  const summary = change.Summary;
  const kind = orderKind[summary?.OrderStatus ?? ''];
  const events: InventoryEvent[] = [];
  const failures: ItemFailureV2[] = [];
  // Amazon-fulfilled (AFN) orders draw on FBA stock, which FBA availability notifications report.
  if (kind === undefined || summary?.FulfillmentType === 'AFN') return { events, failures };
  if (options.route === true) {
    const stage = stageOf[kind as keyof typeof stageOf];
    const items = (summary?.OrderItems ?? []).map((item) => ({
      orderItemId: item.OrderItemId,
      sellerSku: item.SellerSKU,
      quantity: item.Quantity,
    }));
    const where = `ORDER_CHANGE ${change.AmazonOrderId}`;
    return {
      events,
      ...amazonOrderRecords({ orderId: change.AmazonOrderId, stage, items, occurredAt }, where, mapping),
    };
  }
  for (const item of summary?.OrderItems ?? []) {
    if (item.Quantity === 0) continue;
    const translated = captureItemFailure(`ORDER_CHANGE ${change.AmazonOrderId} item ${item.OrderItemId}`, () => {
      const sku = mapping.toCanonicalSku(item.SellerSKU);
      const base = {
        idempotencyKey: `${mapping.connection}/${change.AmazonOrderId}/${item.OrderItemId}/${kind}`,
        source: mapping.connection,
        occurredAt,
        sku,
        location: mapping.toCanonicalLocation(summary?.MarketplaceId ?? ''),
        orderReference: change.AmazonOrderId,
        lineReference: item.OrderItemId,
        quantity: item.Quantity * mapping.unitsPer(sku),
        raw: item,
      };
      if (kind === 'reservation-released') return { ...base, kind, reason: 'cancelled' as const };
      return { ...base, kind: kind as 'reservation-created' | 'reservation-consumed' };
    });
    if ('failure' in translated) failures.push(translated.failure);
    else events.push(translated.value);
  }
  return { events, failures };
}

/**
 * The notification's buckets in the names of getInventorySummaries' details, so both reach the same canonical
 * states (fbaQuantities): reserved is the sum of its breakdown, of which pending customer orders are committed.
 */
function fbaDetails(
  inventory: z.infer<
    typeof FbaAvailabilityPayload
  >['FulfillmentInventoryByMarketplace'][number]['FulfillmentInventory'],
): Parameters<typeof fbaQuantities>[0] {
  const reserved = inventory.ReservedQuantityBreakdown;
  return {
    fulfillableQuantity: inventory.Fulfillable,
    inboundShippedQuantity: inventory.InboundQuantityBreakdown?.Shipped ?? 0,
    inboundReceivingQuantity: inventory.InboundQuantityBreakdown?.Receiving ?? 0,
    reservedQuantity: {
      totalReservedQuantity:
        (reserved?.WarehouseProcessing ?? 0) +
        (reserved?.WarehouseTransfer ?? 0) +
        (reserved?.PendingCustomerOrder ?? 0),
      pendingCustomerOrderQuantity: reserved?.PendingCustomerOrder ?? 0,
    },
    researchingQuantity: { totalResearchingQuantity: inventory.Researching ?? 0 },
    unfulfillableQuantity: { totalUnfulfillableQuantity: inventory.Unfulfillable ?? 0 },
  };
}

/**
 * FBA availability per marketplace, as the records an FBA snapshot gives: every state the notification names
 * (the same mapping as getInventorySummaries, map-amazon-inventory.ts), `available` = Fulfillable.
 */
export function mapFbaAvailability(
  payload: z.infer<typeof FbaAvailabilityPayload>,
  observedAt: string,
  mapping: ConnectionMappingV2,
): { records: RemoteInventoryRecordV2[]; failures: ItemFailureV2[] } {
  const records: RemoteInventoryRecordV2[] = [];
  const failures: ItemFailureV2[] = [];
  for (const entry of payload.FulfillmentInventoryByMarketplace) {
    const translated = captureItemFailure(
      `FBA_INVENTORY_AVAILABILITY_CHANGES ${payload.SKU} in ${entry.MarketplaceId}`,
      () => {
        const sku = mapping.toCanonicalSku(payload.SKU);
        return {
          sku,
          location: mapping.toCanonicalLocation(entry.MarketplaceId),
          quantities: Object.fromEntries(
            Object.entries(fbaQuantities(fbaDetails(entry.FulfillmentInventory))).map(([state, quantity]) => [
              state,
              quantity * mapping.unitsPer(sku),
            ]),
          ),
          observedAt,
          raw: entry,
        };
      },
    );
    if ('failure' in translated) failures.push(translated.failure);
    else records.push(translated.value);
  }
  return { records, failures };
}
