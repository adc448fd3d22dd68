import type { SandboxResponse } from '@stockwire/connector-kit/sandbox';
import type { SandboxItem, SandboxLevel, SandboxReceivingOrder, SandboxState } from './sandbox-state.ts';

/** `Inventory.InventoryQuantityFcResponse`, with exactly the fields the OpenAPI declares. */
export function itemLevelsAnswer(item: SandboxItem): unknown {
  if (item.malformed === true) return { inventory_id: `broken-${item.inventory_id}`, sku: item.sku, locations: 'n/a' };
  return {
    inventory_id: item.inventory_id,
    name: item.name,
    sku: item.sku,
    locations: [...item.levels.entries()].map(([center, level]) => ({
      location_id: center,
      name: `FC ${center}`,
      ...level,
    })),
  };
}

/** `Inventory.InventoryQuantityLotResponse`: each lot's totals and its `Inventory.FulfillableQuantityByFulfillmentCenter` list. */
export function itemLotsAnswer(item: SandboxItem): unknown {
  return {
    inventory_id: item.inventory_id,
    name: item.name,
    sku: item.sku,
    lots: item.lots.map((lot) => {
      const levels = [...lot.levels.values()];
      const total = (field: keyof SandboxLevel) => levels.reduce((sum, level) => sum + level[field], 0);
      return {
        lot_number: lot.lot_number,
        lot_date: lot.lot_date,
        on_hand_quantity: total('on_hand_quantity'),
        committed_quantity: total('committed_quantity'),
        fulfillable_quantity: total('fulfillable_quantity'),
        awaiting_quantity: total('awaiting_quantity'),
        internal_transfer_quantity: total('internal_transfer_quantity'),
        locations: [...lot.levels.entries()].map(([center, level]) => ({
          location_id: center,
          name: `FC ${center}`,
          ...level,
        })),
      };
    }),
  };
}

/** `Receiving.V2.WarehouseReceivingOrderViewModel` at the clock's time. */
export function receivingOrderAnswer(order: SandboxReceivingOrder, state: SandboxState): unknown {
  const progress = state.receivingProgress(order);
  const center = state.centers.get(order.fulfillmentCenter);
  return {
    id: order.id,
    status: progress.status,
    purchase_order_number: order.purchaseOrderNumber,
    package_type: 'Package',
    box_packaging_type: 'EverythingInOneBox',
    insert_date: new Date(order.insertedAt).toISOString(),
    expected_arrival_date: new Date(order.expectedArrivalAt).toISOString(),
    last_updated_date: new Date(progress.updatedAt).toISOString(),
    fulfillment_center: { id: order.fulfillmentCenter, name: center?.name ?? `FC ${order.fulfillmentCenter}` },
    inventory_quantities: order.lines.map((line) => {
      const received = Math.floor(line.expected_quantity * progress.fraction);
      return {
        inventory_id: line.inventory_id,
        sku: line.sku,
        expected_quantity: line.expected_quantity,
        received_quantity: received,
        stowed_quantity: progress.status === 'Completed' ? received : 0,
      };
    }),
    status_history: [{ status: progress.status, timestamp: new Date(progress.updatedAt).toISOString() }],
  };
}

/** RFC 7807 ProblemDetails, as ShipBob's inventory service answers a refusal. */
export function problem(status: number, title: string, detail: string): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    body: { type: `https://tools.ietf.org/html/rfc9110#section-15.5.${status - 399}`, title, status, detail },
  };
}

/** The documented 429: https://developer.shipbob.com/rate-limit */
export function rateLimited(retryAfterSeconds: number): SandboxResponse {
  return {
    status: 429,
    headers: { 'x-retry-after': String(retryAfterSeconds), 'x-remaining-calls': '0' },
    body: { statusCode: 429, message: `Rate limit is exceeded. Try again in ${retryAfterSeconds} seconds.` },
  };
}
