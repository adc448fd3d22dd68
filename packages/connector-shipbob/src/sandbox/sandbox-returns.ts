import type { SandboxClock } from './sandbox-clock.ts';
import type { SandboxState } from './sandbox-state.ts';
import type { createSandboxWebhooks } from './sandbox-webhooks.ts';

/** `Returns.ReturnAction` values a fulfilment centre takes when it processes returned units. */
export type SandboxReturnAction = 'Restock' | 'Quarantine' | 'Dispose' | 'Default';

export interface SandboxReturnLine {
  inventoryId: number;
  quantity: number;
  /** What the centre does with the units when it processes them. Default `Restock`. */
  action?: SandboxReturnAction;
}

/**
 * ShipBob returns: `return.created` while the parcel is on its way (status `Awaiting Arrival`, nothing in stock
 * yet), `return.updated` when it arrives (not yet processed), then processing puts restocked units back on hand and sends `return.completed` with `action_taken` per
 * item. Bodies are `Returns.PublicReturnDto`, the shape `GET /{version}/return/{id}` answers.
 */
export function createSandboxReturns(
  state: SandboxState,
  clock: SandboxClock,
  webhooks: ReturnType<typeof createSandboxWebhooks>,
) {
  let nextReturnId = 700_001;
  return async function returnOrder(order: {
    fulfillmentCenter: number;
    originalShipmentId?: number;
    lines: SandboxReturnLine[];
  }) {
    const id = nextReturnId++;
    const insertDate = clock.iso();
    const base = {
      id,
      reference_id: `RMA-${id}`,
      original_shipment_id: order.originalShipmentId ?? null,
      fulfillment_center: {
        id: order.fulfillmentCenter,
        name: state.centers.get(order.fulfillmentCenter)?.name ?? null,
      },
      insert_date: insertDate,
      return_type: 'Regular',
    };
    const inventory = (withActions: boolean) =>
      order.lines.map((line) => {
        const item = state.item(line.inventoryId);
        return {
          id: item.inventory_id,
          sku: item.sku,
          name: item.name,
          quantity: line.quantity,
          action_requested: { action: line.action ?? 'Restock' },
          action_taken: withActions
            ? [{ action: line.action ?? 'Restock', action_reason: 'Good condition', quantity_processed: line.quantity }]
            : [],
        };
      });
    const created = {
      ...base,
      status: 'Awaiting Arrival',
      awaiting_arrival_date: insertDate,
      inventory: inventory(false),
      status_history: [{ status: 'Awaiting Arrival', timestamp: insertDate }],
    };
    const createdDelivery = await webhooks.send('return.created', created).catch(() => undefined);
    const completedDate = clock.iso();
    const arrived = {
      ...base,
      status: 'Arrived',
      awaiting_arrival_date: insertDate,
      arrived_date: completedDate,
      inventory: inventory(false),
      status_history: [
        { status: 'Awaiting Arrival', timestamp: insertDate },
        { status: 'Arrived', timestamp: completedDate },
      ],
    };
    const updatedDelivery = await webhooks.send('return.updated', arrived).catch(() => undefined);
    for (const line of order.lines) {
      if ((line.action ?? 'Restock') !== 'Restock') continue;
      const target = state.level(line.inventoryId, order.fulfillmentCenter);
      target.on_hand_quantity += line.quantity;
      target.fulfillable_quantity += line.quantity;
    }
    const completed = {
      ...base,
      status: 'Completed',
      awaiting_arrival_date: insertDate,
      arrived_date: completedDate,
      processing_date: completedDate,
      completed_date: completedDate,
      inventory: inventory(true),
      status_history: [
        { status: 'Awaiting Arrival', timestamp: insertDate },
        { status: 'Arrived', timestamp: completedDate },
        { status: 'Processing', timestamp: completedDate },
        { status: 'Completed', timestamp: completedDate },
      ],
    };
    const completedDelivery = await webhooks.send('return.completed', completed).catch(() => undefined);
    return {
      created,
      arrived,
      completed,
      deliveries: { created: createdDelivery, updated: updatedDelivery, completed: completedDelivery },
    };
  };
}
