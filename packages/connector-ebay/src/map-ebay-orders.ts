import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  MalformedPayloadError,
} from '@stockwire/connector-spec';
import type { InventoryEvent, OrderRecordInput } from '@stockwire/model';
import { z } from 'zod';

/** One order of the Fulfillment API (sell_fulfillment_v1_oas3.json `Order`), read leniently: what holds stock. */
export const EbayOrderSchema = z.looseObject({
  orderId: z.string(),
  lastModifiedDate: z.string(),
  orderFulfillmentStatus: z.string().nullish(),
  cancelStatus: z.looseObject({ cancelState: z.string().nullish() }).nullish(),
  fulfillmentStartInstructions: z
    .array(z.looseObject({ pickupStep: z.looseObject({ merchantLocationKey: z.string().nullish() }).nullish() }))
    .nullish(),
  lineItems: z.array(
    z.looseObject({
      lineItemId: z.string(),
      sku: z.string().nullish(),
      quantity: z.number().int().min(0),
      lineItemFulfillmentStatus: z.string().nullish(),
    }),
  ),
});
export type EbayOrder = z.infer<typeof EbayOrderSchema>;

type Stage = 'held' | 'shipped' | 'cancelled';

/**
 * What an order does to our stock: cancelled (`cancelState` CANCELED) releases it, FULFILLED consumes it, anything
 * else (NOT_STARTED, IN_PROGRESS) holds it.
 * https://developer.ebay.com/api-docs/sell/fulfillment/types/sel:OrderFulfillmentStatus
 */
function stageOf(order: EbayOrder): Stage {
  if (order.cancelStatus?.cancelState === 'CANCELED') return 'cancelled';
  return order.orderFulfillmentStatus === 'FULFILLED' ? 'shipped' : 'held';
}

export interface MappedEbayOrder {
  events: InventoryEvent[];
  orders: OrderRecordInput[];
  failures: ItemFailureV2[];
}

/**
 * One order in canonical terms. eBay names a location only for In-Store Pickup (`pickupStep.merchantLocationKey`):
 * those lines are reservations at that store. A shipped order names none, so it becomes order records the engine
 * routes with the configuration's rules; a shipped order first seen fulfilled is placed and fulfilled together, so
 * it still holds and then consumes exactly once. Keys name the order and line, so a notification and the poll
 * reading the same order apply it once.
 */
export function mapEbayOrder(raw: unknown, where: string, mapping: ConnectionMappingV2): MappedEbayOrder {
  const parsed = EbayOrderSchema.safeParse(raw);
  if (!parsed.success) {
    const error = MalformedPayloadError.fromZodError(`the order at ${where}`, parsed.error, {
      connection: mapping.connection,
      vendorBody: raw,
    });
    return { events: [], orders: [], failures: [{ where, error }] };
  }
  const order = parsed.data;
  const pickupAt = order.fulfillmentStartInstructions?.find((step) => step.pickupStep?.merchantLocationKey != null)
    ?.pickupStep?.merchantLocationKey;
  return pickupAt == null ? routedOrder(order, mapping) : pickupOrder(order, pickupAt, mapping);
}

function routedOrder(order: EbayOrder, mapping: ConnectionMappingV2): MappedEbayOrder {
  const base = { source: mapping.connection, orderReference: order.orderId, occurredAt: order.lastModifiedDate };
  const stage = stageOf(order);
  if (stage === 'cancelled') {
    return { events: [], orders: [{ ...base, kind: 'order-released', reason: 'cancelled' }], failures: [] };
  }
  const lines: Array<{ lineReference: string; sku: string; quantity: number }> = [];
  const failures: ItemFailureV2[] = [];
  for (const line of order.lineItems) {
    if (line.quantity === 0) continue;
    const translated = captureItemFailure(`order ${order.orderId} line ${line.lineItemId}`, () => {
      const sku = mapping.toCanonicalSku(line.sku ?? '');
      return { lineReference: line.lineItemId, sku, quantity: line.quantity * mapping.unitsPer(sku) };
    });
    if ('failure' in translated) failures.push(translated.failure);
    else lines.push(translated.value);
  }
  if (lines.length === 0) return { events: [], orders: [], failures };
  const placed: OrderRecordInput = { ...base, kind: 'order-placed', lines };
  const orders = stage === 'shipped' ? [placed, { ...base, kind: 'order-fulfilled' as const }] : [placed];
  return { events: [], orders, failures };
}

function pickupOrder(order: EbayOrder, merchantLocationKey: string, mapping: ConnectionMappingV2): MappedEbayOrder {
  const stage = stageOf(order);
  const kind: 'reservation-created' | 'reservation-released' | 'reservation-consumed' =
    stage === 'cancelled'
      ? 'reservation-released'
      : stage === 'shipped'
        ? 'reservation-consumed'
        : 'reservation-created';
  const events: InventoryEvent[] = [];
  const failures: ItemFailureV2[] = [];
  for (const line of order.lineItems) {
    if (line.quantity === 0) continue;
    const translated = captureItemFailure(`order ${order.orderId} line ${line.lineItemId}`, () => {
      const sku = mapping.toCanonicalSku(line.sku ?? '');
      const base = {
        idempotencyKey: `${mapping.connection}/${order.orderId}/${line.lineItemId}/${kind}`,
        source: mapping.connection,
        occurredAt: order.lastModifiedDate,
        sku,
        location: mapping.toCanonicalLocation(merchantLocationKey),
        orderReference: order.orderId,
        lineReference: line.lineItemId,
        quantity: line.quantity * mapping.unitsPer(sku),
        raw: line,
      };
      return kind === 'reservation-released' ? { ...base, kind, reason: 'cancelled' as const } : { ...base, kind };
    });
    if ('failure' in translated) failures.push(translated.failure);
    else events.push(translated.value);
  }
  return { events, orders: [], failures };
}
