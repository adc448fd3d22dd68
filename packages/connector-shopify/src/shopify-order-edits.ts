import { captureItemFailure, type ItemFailureV2, PermanentItemError } from '@stockwire/connector-spec';
import type { OrderRecordInput } from '@stockwire/model';
import { z } from 'zod';
import { eachLine, IdSchema, type Line, type MappedEvents, type OrderMappingContext, read } from './shopify-orders.ts';

/**
 * `orders/edited` (REST shape): the edit names changed lines by id with the quantity added or removed, and no SKU.
 * https://shopify.dev/docs/api/webhooks?reference=toml#list-of-topics-orders/edited
 */
const LineDeltaSchema = z.object({ id: IdSchema, delta: z.number().int() });
const OrderEditSchema = z.object({
  order_edit: z.object({
    id: IdSchema,
    order_id: IdSchema,
    created_at: z.string().nullish(),
    committed_at: z.string().nullish(),
    line_items: z.object({
      additions: z.array(LineDeltaSchema).nullish(),
      removals: z.array(LineDeltaSchema).nullish(),
    }),
  }),
});

/** The order's lines now (after the edit), read from the Admin API: line id (numeric) → SKU and quantity. */
export interface ShopifyOrderLines {
  /** The retail location of a POS order (`gid://shopify/Location/…`), else null. */
  readonly locationId: string | null;
  readonly lines: ReadonlyMap<string, { readonly sku: string | null; readonly currentQuantity: number }>;
}
export type ShopifyOrderLinesLookup = (orderGlobalId: string) => Promise<ShopifyOrderLines | undefined>;

/**
 * An order edit as changes to its holds: a line removed or lowered releases the units removed
 * (`reservation-released`, reason `edited`), a line added or raised holds the units added. Each change is keyed by
 * the edit and line, so a redelivered edit changes nothing twice. An order Stockwire routes (no location) releases
 * the units removed from a line (an order record with the quantity, named by the edit so a redelivery is the same
 * change); a line added to it is refused, named, since its holds were decided when it was placed.
 */
export async function mapShopifyOrderEdit(
  payload: unknown,
  context: OrderMappingContext & { readonly orderLines: ShopifyOrderLinesLookup },
): Promise<MappedEvents> {
  const edit = read(OrderEditSchema, payload, 'orders/edited', context).order_edit;
  const occurredAt = edit.committed_at ?? edit.created_at;
  const connection = context.mapping.connection;
  const order = await context.orderLines(`gid://shopify/Order/${edit.order_id}`);
  if (order === undefined) {
    const error = new PermanentItemError({
      connection,
      item: `order ${edit.order_id}`,
      reason: 'Shopify has no such order',
    });
    return { events: [], failures: [{ where: `orders/edited ${edit.id}`, error }] };
  }
  const linesOf = (deltas: readonly z.infer<typeof LineDeltaSchema>[], name: string): Line[] =>
    deltas.map((delta, index) => ({
      where: `$.order_edit.line_items.${name}[${index}]`,
      lineId: delta.id,
      sku: order.lines.get(delta.id)?.sku,
      quantity: delta.delta,
      locationId: order.locationId === null ? null : order.locationId.replace(/^gid:\/\/shopify\/Location\//, ''),
    }));
  const removals = linesOf(edit.line_items.removals ?? [], 'removals');
  const additions = linesOf(edit.line_items.additions ?? [], 'additions');
  if (order.locationId === null && context.onlineOrderLocation === undefined) {
    const routed = { orderId: edit.order_id, editId: edit.id, occurredAt: occurredAt ?? context.triggeredAt };
    return routedOrderEdit(routed, removals, additions, connection);
  }
  const orderReference = `${edit.order_id}`;
  const released = eachLine(
    context,
    removals,
    (base) => ({ ...base, kind: 'reservation-released', reason: 'edited', orderReference }),
    occurredAt,
    `order-edit/${edit.id}/removed`,
  );
  const added = eachLine(
    context,
    additions,
    (base) => ({ ...base, kind: 'reservation-created', orderReference }),
    occurredAt,
    `order-edit/${edit.id}/added`,
  );
  return { events: [...released.events, ...added.events], failures: [...released.failures, ...added.failures] };
}

function routedOrderEdit(
  edit: { readonly orderId: string; readonly editId: string; readonly occurredAt: string },
  removals: readonly Line[],
  additions: readonly Line[],
  connection: string,
): MappedEvents {
  const orders: OrderRecordInput[] = [];
  const failures: ItemFailureV2[] = [];
  for (const line of removals) {
    if (line.quantity <= 0) continue;
    orders.push({
      kind: 'order-released',
      source: connection,
      orderReference: edit.orderId,
      occurredAt: edit.occurredAt,
      reason: 'edited',
      lineReference: line.lineId,
      quantity: line.quantity,
      changeReference: `order-edit/${edit.editId}`,
    });
  }
  for (const line of additions) {
    if (line.quantity <= 0) continue;
    const result = captureItemFailure(line.where, () => {
      throw new PermanentItemError({
        connection,
        item: `order ${edit.orderId} line ${line.lineId}`,
        reason:
          'the order is routed by Stockwire, whose holds were decided when it was placed; units added by an edit ' +
          'are not held: re-place the order, or set onlineOrderLocation so its lines are held where Shopify says',
      });
    });
    if ('failure' in result) failures.push(result.failure);
  }
  return { events: [], ...(orders.length > 0 ? { orders } : {}), failures };
}
