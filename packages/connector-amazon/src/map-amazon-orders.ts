import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  MalformedPayloadError,
} from '@stockwire/connector-spec';
import type { InventoryEvent, OrderRecordInput } from '@stockwire/model';
import { z } from 'zod';
import { type AmazonOrderStage, amazonOrderRecords } from './map-amazon-order-records.ts';

/** One order of searchOrders (orders_2026-01-01.json Order), read leniently: only what reserves stock. */
export const AmazonOrder = z.object({
  orderId: z.string(),
  lastUpdatedTime: z.string(),
  salesChannel: z.object({ marketplaceId: z.string().nullish() }),
  fulfillment: z.object({ fulfillmentStatus: z.string() }).nullish(),
  orderItems: z.array(
    z.object({
      orderItemId: z.string(),
      quantityOrdered: z.number().int().min(0),
      product: z.object({ sellerSku: z.string().nullish() }),
    }),
  ),
});

type Kind = 'reservation-created' | 'reservation-released' | 'reservation-consumed';

/**
 * Amazon's fulfillment status → what it does to our stock. Pending and unshipped orders hold units; a
 * cancellation releases them; a shipment consumes them. UNFULFILLABLE (FBA multi-channel) holds nothing of ours.
 * https://developer-docs.amazon.com/sp-api/docs/orders-api-v2026-01-01-reference
 */
const kindOfStatus: Readonly<Record<string, Kind | undefined>> = {
  PENDING_AVAILABILITY: 'reservation-created',
  PENDING: 'reservation-created',
  UNSHIPPED: 'reservation-created',
  PARTIALLY_SHIPPED: 'reservation-created',
  SHIPPED: 'reservation-consumed',
  CANCELLED: 'reservation-released',
  UNFULFILLABLE: undefined,
};

export const stageOf: Readonly<Record<Kind, AmazonOrderStage>> = {
  'reservation-created': 'held',
  'reservation-consumed': 'shipped',
  'reservation-released': 'cancelled',
};

/**
 * One order as canonical events, one per order item (or, with `route`, as order records for the engine to route). The idempotency key names the order item and what happened
 * to it, so the same order read twice (polled, then in an ORDER_CHANGE notification) is applied once.
 */
export function mapAmazonOrder(
  raw: unknown,
  where: string,
  mapping: ConnectionMappingV2,
  options: { route?: boolean } = {},
): { events: InventoryEvent[]; orders?: OrderRecordInput[]; failures: ItemFailureV2[] } {
  const parsed = AmazonOrder.safeParse(raw);
  if (!parsed.success) {
    const error = MalformedPayloadError.fromZodError(`the order at ${where}`, parsed.error, {
      connection: mapping.connection,
      vendorBody: raw,
    });
    return { events: [], failures: [{ where, error }] };
  }
  const order = parsed.data;
  const kind = kindOfStatus[order.fulfillment?.fulfillmentStatus ?? 'PENDING'];
  const events: InventoryEvent[] = [];
  const failures: ItemFailureV2[] = [];
  if (kind === undefined) return { events, failures };
  if (options.route === true) {
    const routed = amazonOrderRecords(
      {
        orderId: order.orderId,
        stage: stageOf[kind],
        occurredAt: order.lastUpdatedTime,
        items: order.orderItems.map((item) => ({
          orderItemId: item.orderItemId,
          sellerSku: item.product.sellerSku,
          quantity: item.quantityOrdered,
        })),
      },
      `order ${order.orderId}`,
      mapping,
    );
    return { events, ...routed };
  }
  for (const item of order.orderItems) {
    if (item.quantityOrdered === 0) continue;
    const translated = captureItemFailure(`order ${order.orderId} item ${item.orderItemId}`, () => {
      const sku = mapping.toCanonicalSku(item.product.sellerSku ?? '');
      const base = {
        idempotencyKey: `${mapping.connection}/${order.orderId}/${item.orderItemId}/${kind}`,
        source: mapping.connection,
        occurredAt: order.lastUpdatedTime,
        sku,
        location: mapping.toCanonicalLocation(order.salesChannel.marketplaceId ?? ''),
        orderReference: order.orderId,
        lineReference: item.orderItemId,
        quantity: item.quantityOrdered * mapping.unitsPer(sku),
        raw: item,
      };
      return kind === 'reservation-released' ? { ...base, kind, reason: 'cancelled' as const } : { ...base, kind };
    });
    if ('failure' in translated) failures.push(translated.failure);
    else events.push(translated.value);
  }
  return { events, failures };
}
