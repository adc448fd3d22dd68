import {
  type ConnectionMappingV2,
  MalformedPayloadError,
  type ParsedWebhookV2,
  PermanentItemError,
  TransientError,
} from '@stockwire/connector-spec';
import { mapSquarePickupOrder } from './map-square-orders.ts';
import type { SquareCatalog } from './square-catalog.ts';
import type { SquareApi } from './square-client.ts';
import {
  type SquareOrder,
  type SquareOrderNotice,
  SquareOrderSchema,
  SquareOrderWebhookSchema,
} from './square-order-payloads.ts';

export interface SquareOrderWebhookOptions {
  readonly connection: string;
  readonly mapping: ConnectionMappingV2;
  readonly catalog: SquareCatalog;
  readonly api: SquareApi;
}

/**
 * `order.created`, `order.updated` and `order.fulfillment.updated`: the event names an order and its new version,
 * so the order is read (BatchRetrieveOrders) and mapped as it is now — pickup orders become reservations at their
 * store. This runs in the ingest job, after Square has been answered. A delivery newer than what Square serves
 * (the order not yet readable at the announced version) is a TransientError, so the job retries it; a delivery
 * older than the order (a late or reordered one) maps the current order, whose event keys the engine already
 * knows or now learns once.
 */
export async function parseSquareOrderWebhook(
  body: unknown,
  options: SquareOrderWebhookOptions,
): Promise<ParsedWebhookV2> {
  const parsed = SquareOrderWebhookSchema.safeParse(body);
  if (!parsed.success) {
    throw MalformedPayloadError.fromZodError('the Square order webhook', parsed.error, {
      connection: options.connection,
      vendorBody: body,
    });
  }
  const { type, eventId, notice } = parsed.data;
  const answer = await options.api.call('BatchRetrieveOrders', (sdk) =>
    sdk.orders.batchGet({ orderIds: [notice.order_id] }),
  );
  const found = (answer.orders ?? []).find((order) => order.id === notice.order_id);
  if (found === undefined) {
    const error = new PermanentItemError({
      connection: options.connection,
      item: `Square order ${notice.order_id}`,
      reason:
        'BatchRetrieveOrders does not return the order this event names; check that the access token has ' +
        'ORDERS_READ for its location',
      vendorBody: body,
    });
    return { deliveryId: eventId, topic: type, events: [], failures: [{ where: '$.data.object', error }] };
  }
  const order = SquareOrderSchema.safeParse(found);
  if (!order.success) {
    throw MalformedPayloadError.fromZodError(`order ${notice.order_id} of BatchRetrieveOrders`, order.error, {
      connection: options.connection,
      vendorBody: found,
    });
  }
  if (isBehind(order.data, notice)) {
    throw new TransientError({
      connection: options.connection,
      target: 'POST /v2/orders/batch-retrieve',
      reason:
        `Square served order ${notice.order_id} at version ${order.data.version ?? '?'} (updated ` +
        `${order.data.updatedAt ?? '?'}), older than the version ${notice.version ?? '?'} (updated ` +
        `${notice.updated_at ?? '?'}) the ${type} event announces`,
    });
  }
  const pickupLines = (order.data.fulfillments ?? []).some((fulfillment) => fulfillment.type === 'PICKUP')
    ? (order.data.lineItems ?? []).flatMap((line) => (line.catalogObjectId ? [line.catalogObjectId] : []))
    : [];
  // Only pickup orders need SKUs: other orders do not load the catalog at all.
  if (pickupLines.length > 0) await options.catalog.ensureKnown(pickupLines, { done: false });
  const mapped = mapSquarePickupOrder(order.data, {
    connection: options.connection,
    mapping: options.mapping,
    skuOfVariation: (variationId) => options.catalog.skuOf(variationId),
  });
  return { deliveryId: eventId, topic: type, events: mapped.events, failures: mapped.failures };
}

/** The order Square served is older than the version the event announced (by version, else by `updated_at`). */
function isBehind(order: SquareOrder, notice: SquareOrderNotice): boolean {
  if (typeof order.version === 'number' && typeof notice.version === 'number') return order.version < notice.version;
  const served = Date.parse(order.updatedAt ?? '');
  const announced = Date.parse(notice.updated_at ?? '');
  return Number.isFinite(served) && Number.isFinite(announced) && served < announced;
}
