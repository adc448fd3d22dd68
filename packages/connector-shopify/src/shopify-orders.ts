import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  MalformedPayloadError,
  PermanentItemError,
} from '@stockwire/connector-spec';
import type { InventoryEvent, OrderRecordInput } from '@stockwire/model';
import { z } from 'zod';
import { globalId } from './map-shopify-inventory.ts';

/**
 * The webhook payloads (REST shapes) the connector turns into canonical events, leniently: only what we use.
 * https://shopify.dev/docs/api/webhooks?reference=toml#list-of-topics
 */
/** An id as Shopify sends it; beyond 2^53 it arrives as exact text (see parseExactJson). */
export const IdSchema = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);
const LineItemSchema = z.object({ id: IdSchema, sku: z.string().nullish(), quantity: z.number().int() });
const OrderSchema = z.object({
  id: IdSchema,
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  cancelled_at: z.string().nullish(),
  financial_status: z.string().nullish(),
  // Set for Shopify POS sales (the retail location) and orders a location was chosen for.
  location_id: IdSchema.nullish(),
  shipping_address: z.object({ country_code: z.string().nullish(), province_code: z.string().nullish() }).nullish(),
  line_items: z.array(LineItemSchema),
});
const FulfillmentSchema = z.object({
  id: IdSchema,
  order_id: IdSchema,
  location_id: IdSchema.nullish(),
  created_at: z.string().nullish(),
  line_items: z.array(LineItemSchema),
});
const RefundSchema = z.object({
  id: IdSchema,
  order_id: IdSchema,
  created_at: z.string().nullish(),
  refund_line_items: z.array(
    z.object({
      id: IdSchema,
      quantity: z.number().int(),
      location_id: IdSchema.nullish(),
      restock_type: z.string().nullish(),
      line_item: LineItemSchema,
    }),
  ),
});

export const shopifyOrderTopics = [
  'orders/create',
  'orders/updated',
  'orders/cancelled',
  'refunds/create',
  'fulfillments/create',
] as const;
export type ShopifyOrderTopic = (typeof shopifyOrderTopics)[number];

export interface OrderMappingContext {
  readonly mapping: ConnectionMappingV2;
  /** The canonical location of orders without one (online orders not yet assigned). */
  readonly onlineOrderLocation: string | undefined;
  /** When Shopify triggered the delivery, for events whose payload has no time of its own. */
  readonly triggeredAt: string;
  /** Shipping `country` or `country-province` codes → the configuration's region codes, for routing. */
  readonly shippingRegions?: Readonly<Record<string, string>> | undefined;
}

export interface MappedEvents {
  readonly events: InventoryEvent[];
  /** Orders without a location, for Stockwire's engine to route (no `location_id`, no `onlineOrderLocation`). */
  readonly orders?: OrderRecordInput[];
  readonly failures: ItemFailureV2[];
}

export type Line = {
  readonly where: string;
  readonly lineId: string;
  readonly sku: string | null | undefined;
  readonly quantity: number;
  readonly locationId: string | null | undefined;
};

/** A parsed payload of one topic as canonical reservation events, one per line; a bad line fails alone. */
export function mapShopifyOrderPayload(
  topic: ShopifyOrderTopic,
  payload: unknown,
  context: OrderMappingContext,
): MappedEvents {
  switch (topic) {
    case 'orders/create': {
      const order = read(OrderSchema, payload, topic, context);
      if (routedByStockwire(order, context)) return placedOrder(order, context);
      return eachLine(
        context,
        orderLines(order),
        (base) => ({ ...base, kind: 'reservation-created', orderReference: `${order.id}` }),
        order.created_at,
        `order/${order.id}/placed`,
      );
    }
    case 'orders/cancelled': {
      const order = read(OrderSchema, payload, topic, context);
      const at = order.cancelled_at ?? order.updated_at;
      if (routedByStockwire(order, context)) return releasedOrder(order, 'cancelled', at, context);
      return eachLine(
        context,
        orderLines(order),
        (base) => ({ ...base, kind: 'reservation-released', reason: 'cancelled', orderReference: `${order.id}` }),
        at,
        `order/${order.id}/cancelled`,
      );
    }
    case 'orders/updated': {
      const order = read(OrderSchema, payload, topic, context);
      // Shopify voids an authorization whose payment failed; the hold goes back on sale.
      if (order.financial_status !== 'voided' || order.cancelled_at) return { events: [], failures: [] };
      if (routedByStockwire(order, context)) return releasedOrder(order, 'payment-failed', order.updated_at, context);
      return eachLine(
        context,
        orderLines(order),
        (base) => ({ ...base, kind: 'reservation-released', reason: 'payment-failed', orderReference: `${order.id}` }),
        order.updated_at,
        `order/${order.id}/payment-failed`,
      );
    }
    case 'fulfillments/create': {
      const fulfillment = read(FulfillmentSchema, payload, topic, context);
      const lines = fulfillment.line_items.map((line, index) => ({
        where: `$.line_items[${index}]`,
        lineId: line.id,
        sku: line.sku,
        quantity: line.quantity,
        locationId: fulfillment.location_id,
      }));
      return eachLine(
        context,
        lines,
        (base) => ({ ...base, kind: 'reservation-consumed', orderReference: `${fulfillment.order_id}` }),
        fulfillment.created_at,
        `fulfillment/${fulfillment.id}`,
      );
    }
    case 'refunds/create': {
      const refund = read(RefundSchema, payload, topic, context);
      const restocked = refund.refund_line_items.flatMap((line, index) =>
        line.restock_type === 'return' || line.restock_type === 'legacy_restock'
          ? [
              {
                where: `$.refund_line_items[${index}]`,
                lineId: line.line_item.id,
                sku: line.line_item.sku,
                quantity: line.quantity,
                locationId: line.location_id,
              },
            ]
          : [],
      );
      // `cancel` restocks units that never shipped: the hold is released. `no_restock` changes no stock.
      const cancelled = refund.refund_line_items.flatMap((line, index) =>
        line.restock_type === 'cancel'
          ? [
              {
                where: `$.refund_line_items[${index}]`,
                lineId: line.line_item.id,
                sku: line.line_item.sku,
                quantity: line.quantity,
                locationId: line.location_id,
              },
            ]
          : [],
      );
      const returned = eachLine(
        context,
        restocked,
        ({ lineReference: _lineReference, ...base }) => ({
          ...base,
          kind: 'return-received',
          disposition: 'restock',
          orderReference: `${refund.order_id}`,
        }),
        refund.created_at,
        `refund/${refund.id}/returned`,
      );
      const released = eachLine(
        context,
        cancelled,
        (base) => ({
          ...base,
          kind: 'reservation-released',
          reason: 'cancelled',
          orderReference: `${refund.order_id}`,
        }),
        refund.created_at,
        `refund/${refund.id}/cancelled`,
      );
      return {
        events: [...returned.events, ...released.events],
        failures: [...returned.failures, ...released.failures],
      };
    }
  }
}

type ShopifyOrder = z.infer<typeof OrderSchema>;

/**
 * An online order Shopify has not assigned to a location, in an installation that names no fixed location for
 * them: Stockwire's engine chooses where it ships from (region, priority, split), so it travels as an order record
 * rather than as located reservations. Its cancellation then releases exactly what the engine held.
 */
function routedByStockwire(order: ShopifyOrder, context: OrderMappingContext): boolean {
  return (order.location_id === null || order.location_id === undefined) && context.onlineOrderLocation === undefined;
}

function placedOrder(order: ShopifyOrder, context: OrderMappingContext): MappedEvents {
  const { mapping } = context;
  const lines: Array<{ lineReference: string; sku: string; quantity: number }> = [];
  const failures: ItemFailureV2[] = [];
  for (const line of orderLines(order)) {
    if (line.quantity <= 0) continue;
    const result = captureItemFailure(line.where, () => {
      if (!line.sku) {
        throw new PermanentItemError({
          connection: mapping.connection,
          item: `line ${line.lineId}`,
          reason: 'the line has no SKU (a custom item), so it holds no tracked stock',
        });
      }
      const sku = mapping.toCanonicalSku(line.sku);
      return { lineReference: line.lineId, sku, quantity: line.quantity * mapping.unitsPer(sku) };
    });
    if ('failure' in result) failures.push(result.failure);
    else lines.push(result.value);
  }
  if (lines.length === 0) return { events: [], failures };
  const region = regionOf(order, context);
  const placed: OrderRecordInput = {
    kind: 'order-placed',
    source: mapping.connection,
    orderReference: order.id,
    occurredAt: order.created_at ?? context.triggeredAt,
    ...(region === undefined ? {} : { region }),
    lines,
  };
  return { events: [], orders: [placed], failures };
}

function releasedOrder(
  order: ShopifyOrder,
  reason: 'cancelled' | 'payment-failed',
  occurredAt: string | null | undefined,
  context: OrderMappingContext,
): MappedEvents {
  const released: OrderRecordInput = {
    kind: 'order-released',
    source: context.mapping.connection,
    orderReference: order.id,
    occurredAt: occurredAt ?? context.triggeredAt,
    reason,
  };
  return { events: [], orders: [released], failures: [] };
}

/** The most specific match of the shipping address: `US-CA` before `US`. */
function regionOf(order: ShopifyOrder, context: OrderMappingContext): string | undefined {
  const country = order.shipping_address?.country_code;
  if (!country || context.shippingRegions === undefined) return undefined;
  const province = order.shipping_address?.province_code;
  return (province ? context.shippingRegions[`${country}-${province}`] : undefined) ?? context.shippingRegions[country];
}

function orderLines(order: z.infer<typeof OrderSchema>): Line[] {
  return order.line_items.map((line, index) => ({
    where: `$.line_items[${index}]`,
    lineId: line.id,
    sku: line.sku,
    quantity: line.quantity,
    locationId: order.location_id,
  }));
}

interface EventBase {
  idempotencyKey: string;
  source: string;
  occurredAt: string;
  sku: string;
  location: string;
  quantity: number;
  lineReference: string;
  raw: unknown;
}

export function eachLine(
  context: OrderMappingContext,
  lines: readonly Line[],
  build: (base: EventBase) => InventoryEvent,
  occurredAt: string | null | undefined,
  keyPrefix: string,
): MappedEvents {
  const { mapping } = context;
  const events: InventoryEvent[] = [];
  const failures: ItemFailureV2[] = [];
  for (const line of lines) {
    if (line.quantity <= 0) continue;
    const result = captureItemFailure(line.where, () => {
      if (!line.sku) {
        throw new PermanentItemError({
          connection: mapping.connection,
          item: `line ${line.lineId}`,
          reason: 'the line has no SKU (a custom item), so it holds no tracked stock',
        });
      }
      const sku = mapping.toCanonicalSku(line.sku);
      const location = locationOf(context, line);
      return build({
        idempotencyKey: `${mapping.connection}/${keyPrefix}/line/${line.lineId}`,
        source: mapping.connection,
        occurredAt: occurredAt ?? context.triggeredAt,
        sku,
        location,
        quantity: line.quantity * mapping.unitsPer(sku),
        lineReference: `${line.lineId}`,
        raw: line,
      });
    });
    if ('failure' in result) failures.push(result.failure);
    else events.push(result.value);
  }
  return { events, failures };
}

function locationOf(context: OrderMappingContext, line: Line): string {
  if (line.locationId !== null && line.locationId !== undefined) {
    return context.mapping.toCanonicalLocation(globalId('Location', line.locationId));
  }
  if (context.onlineOrderLocation !== undefined) return context.onlineOrderLocation;
  throw new PermanentItemError({
    connection: context.mapping.connection,
    item: `line ${line.lineId}`,
    reason: 'Shopify gave no location for this line; set onlineOrderLocation in the connection settings',
  });
}

export function read<Shape>(
  schema: z.ZodType<Shape>,
  payload: unknown,
  topic: string,
  context: OrderMappingContext,
): Shape {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  throw MalformedPayloadError.fromZodError(`the ${topic} webhook`, parsed.error, {
    connection: context.mapping.connection,
    vendorBody: payload,
  });
}
