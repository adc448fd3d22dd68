import type { SandboxRequest, SandboxResponse } from '@stockwire/connector-kit/sandbox';
import { type SquareSandboxState, squareErrors } from './square-sandbox-state.ts';

interface Money {
  amount: number;
  currency: 'USD';
}

/** One order as Square returns it (snake_case, only the fields the sandbox models). */
export interface SandboxOrder {
  id: string;
  location_id: string;
  state: 'DRAFT' | 'OPEN' | 'COMPLETED' | 'CANCELED';
  version: number;
  created_at: string;
  updated_at: string;
  closed_at?: string;
  source?: { name: string };
  tenders?: Array<{ id: string; location_id: string; created_at: string; amount_money: Money; type: 'CARD' }>;
  total_money: Money;
  net_amount_due_money: Money;
  line_items: Array<{
    uid: string;
    catalog_object_id?: string;
    item_type?: 'ITEM' | 'CUSTOM_AMOUNT' | 'GIFT_CARD';
    name?: string;
    quantity: string;
  }>;
  fulfillments: Array<{
    uid: string;
    type: 'PICKUP' | 'SHIPMENT' | 'DELIVERY';
    state: 'PROPOSED' | 'RESERVED' | 'PREPARED' | 'COMPLETED' | 'CANCELED' | 'FAILED';
    line_item_application?: 'ALL' | 'ENTRY_LIST';
    entries?: Array<{ uid: string; line_item_uid: string; quantity: string }>;
    pickup_details?: { placed_at?: string; picked_up_at?: string; canceled_at?: string; expired_at?: string };
  }>;
}

/**
 * POST /v2/orders/batch-retrieve: the orders with these ids (unknown ids are left out, as Square does), optionally
 * only those of `location_id`. Square allows up to 100 ids.
 */
export function batchRetrieveOrders(state: SquareSandboxState, request: SandboxRequest): SandboxResponse {
  const body = (request.json ?? {}) as { order_ids?: unknown; location_id?: unknown };
  const ids = body.order_ids;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100 || ids.some((id) => typeof id !== 'string')) {
    return squareErrors(400, [
      { code: 'INVALID_ARRAY_LENGTH', detail: 'order_ids must name 1 to 100 orders', field: 'order_ids' },
    ]);
  }
  const orders = ids
    .map((id) => state.orders.get(id as string))
    .filter((order): order is SandboxOrder => order !== undefined)
    .filter((order) => typeof body.location_id !== 'string' || order.location_id === body.location_id);
  return { body: { orders: structuredClone(orders) } };
}
