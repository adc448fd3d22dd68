import { type ConnectionMappingV2, captureItemFailure, type ItemFailureV2 } from '@stockwire/connector-spec';
import type { OrderRecordInput } from '@stockwire/model';

/** What an order status does to the stock it holds, whichever way Amazon spells the status. */
export type AmazonOrderStage = 'held' | 'shipped' | 'cancelled';

export interface AmazonOrderItem {
  readonly orderItemId: string;
  readonly sellerSku: string | null | undefined;
  readonly quantity: number;
}

/**
 * A merchant-fulfilled order as order records, for installations that let Stockwire choose the warehouse
 * (`merchantOrders: route`): Amazon says which marketplace sold it, not which building ships it. A shipped order is
 * placed and fulfilled together, so one first seen already shipped (a poll that missed its pending phase) still
 * holds and then consumes exactly once; placing is idempotent per order, so each later poll changes nothing.
 */
export function amazonOrderRecords(
  order: { orderId: string; stage: AmazonOrderStage; items: readonly AmazonOrderItem[]; occurredAt: string },
  where: string,
  mapping: ConnectionMappingV2,
): { orders: OrderRecordInput[]; failures: ItemFailureV2[] } {
  const base = { source: mapping.connection, orderReference: order.orderId, occurredAt: order.occurredAt };
  if (order.stage === 'cancelled') {
    return { orders: [{ ...base, kind: 'order-released', reason: 'cancelled' }], failures: [] };
  }
  const lines: Array<{ lineReference: string; sku: string; quantity: number }> = [];
  const failures: ItemFailureV2[] = [];
  for (const item of order.items) {
    if (item.quantity === 0) continue;
    const line = captureItemFailure(`${where} item ${item.orderItemId}`, () => {
      const sku = mapping.toCanonicalSku(item.sellerSku ?? '');
      return { lineReference: item.orderItemId, sku, quantity: item.quantity * mapping.unitsPer(sku) };
    });
    if ('failure' in line) failures.push(line.failure);
    else lines.push(line.value);
  }
  if (lines.length === 0) return { orders: [], failures };
  const placed: OrderRecordInput = { ...base, kind: 'order-placed', lines };
  return {
    orders: order.stage === 'shipped' ? [placed, { ...base, kind: 'order-fulfilled' }] : [placed],
    failures,
  };
}
