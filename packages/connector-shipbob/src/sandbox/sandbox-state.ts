import type { SandboxClock } from './sandbox-clock.ts';

/** One inventory item's quantities at one fulfilment centre, as ShipBob stores them. */
export interface SandboxLevel {
  on_hand_quantity: number;
  committed_quantity: number;
  fulfillable_quantity: number;
  awaiting_quantity: number;
  internal_transfer_quantity: number;
}

/** One lot of an item (`Inventory.Lots`): its number, its expiration date and its quantities per centre. */
export interface SandboxLot {
  lot_number: string;
  /** ISO date-time, or null for a lot without one. */
  lot_date: string | null;
  /** By fulfilment centre id. */
  levels: Map<number, SandboxLevel>;
}

export interface SandboxItem {
  inventory_id: number;
  sku: string | null;
  name: string;
  /** By fulfilment centre id. */
  levels: Map<number, SandboxLevel>;
  /** Its lots, for `inventory-level/lots`; a test sets the item's levels to match. */
  lots: SandboxLot[];
  /** Set by a test to make the item unreadable (a malformed answer). */
  malformed?: boolean;
}

export interface SandboxReceivingLine {
  inventory_id: number;
  sku: string | null;
  expected_quantity: number;
}

/** A WRO that moves through its statuses as the clock passes `arrivesAt` and `completesAt`. */
export interface SandboxReceivingOrder {
  id: number;
  fulfillmentCenter: number;
  purchaseOrderNumber: string;
  insertedAt: number;
  expectedArrivalAt: number;
  arrivesAt: number;
  completesAt: number;
  cancelled: boolean;
  lines: SandboxReceivingLine[];
  /** The stock moved into on hand once completed. */
  stocked: boolean;
}

export interface SandboxFulfillmentCenter {
  id: number;
  name: string;
}

export function emptyLevel(): SandboxLevel {
  return {
    on_hand_quantity: 0,
    committed_quantity: 0,
    fulfillable_quantity: 0,
    awaiting_quantity: 0,
    internal_transfer_quantity: 0,
  };
}

/** Everything the sandbox account holds. */
export function createSandboxState(clock: SandboxClock) {
  const items = new Map<number, SandboxItem>();
  const receivingOrders = new Map<number, SandboxReceivingOrder>();
  const centers = new Map<number, SandboxFulfillmentCenter>();
  let nextInventoryId = 5_001;
  let nextReceivingId = 1;

  const item = (inventoryId: number) => {
    const found = items.get(inventoryId);
    if (found === undefined) throw new Error(`the sandbox has no inventory item ${inventoryId}`);
    return found;
  };
  const level = (inventoryId: number, center: number) => {
    const owner = item(inventoryId);
    let found = owner.levels.get(center);
    if (found === undefined) {
      found = emptyLevel();
      owner.levels.set(center, found);
    }
    return found;
  };

  /** Receiving status at the clock's time, and units received so far (half on arrival, all on completion). */
  const receivingProgress = (order: SandboxReceivingOrder) => {
    const now = clock.now();
    if (order.cancelled) return { status: 'Cancelled', fraction: 0, updatedAt: order.insertedAt };
    if (now >= order.completesAt) return { status: 'Completed', fraction: 1, updatedAt: order.completesAt };
    if (now >= order.arrivesAt) return { status: 'Processing', fraction: 0.5, updatedAt: order.arrivesAt };
    return { status: 'Awaiting', fraction: 0, updatedAt: order.insertedAt };
  };

  /** Moves completed orders' units from awaiting to on hand, as ShipBob's stowing does. */
  const settleReceiving = () => {
    for (const order of receivingOrders.values()) {
      if (order.stocked || order.cancelled || receivingProgress(order).status !== 'Completed') continue;
      for (const line of order.lines) {
        const target = level(line.inventory_id, order.fulfillmentCenter);
        target.awaiting_quantity = Math.max(0, target.awaiting_quantity - line.expected_quantity);
        target.on_hand_quantity += line.expected_quantity;
        target.fulfillable_quantity += line.expected_quantity;
      }
      order.stocked = true;
    }
  };

  return {
    items,
    receivingOrders,
    centers,
    item,
    level,
    receivingProgress,
    settleReceiving,
    addCenter(center: SandboxFulfillmentCenter) {
      centers.set(center.id, center);
    },
    addItem(sku: string | null, options: { inventoryId?: number; name?: string } = {}) {
      const inventoryId = options.inventoryId ?? nextInventoryId++;
      items.set(inventoryId, {
        inventory_id: inventoryId,
        sku,
        name: options.name ?? sku ?? `item ${inventoryId}`,
        levels: new Map(),
        lots: [],
      });
      return inventoryId;
    },
    addReceivingOrder(order: Omit<SandboxReceivingOrder, 'id' | 'stocked' | 'cancelled' | 'insertedAt'>) {
      const id = nextReceivingId++;
      receivingOrders.set(id, { ...order, id, stocked: false, cancelled: false, insertedAt: clock.now() });
      for (const line of order.lines)
        level(line.inventory_id, order.fulfillmentCenter).awaiting_quantity += line.expected_quantity;
      return id;
    },
    clear() {
      items.clear();
      receivingOrders.clear();
      nextInventoryId = 5_001;
      nextReceivingId = 1;
    },
  };
}
export type SandboxState = ReturnType<typeof createSandboxState>;
