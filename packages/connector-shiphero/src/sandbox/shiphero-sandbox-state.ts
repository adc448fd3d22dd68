import { warehouseUuid } from '../shiphero-time.ts';

/** One SKU's counts at one warehouse, as ShipHero keeps them (`WarehouseProduct`). */
export interface SandboxLevel {
  on_hand: number;
  allocated: number;
  reserve_inventory: number;
  non_sellable_quantity: number;
  sell_ahead: number;
  backorder: number;
  updated_at: string;
  /** Set by `makeMalformed`: the node goes out without its SKU, as a broken product row would. */
  malformed?: boolean;
}

/** One row of ShipHero's inventory change log (`InventoryChange`). */
export interface SandboxChange {
  sku: string | null;
  warehouse_id: string;
  previous_on_hand: number;
  change_in_on_hand: number;
  reason: string;
  cycle_counted: boolean;
  created_at: string;
  location_id: string | null;
}

export interface SandboxWarehouse {
  readonly legacyId: number;
  readonly uuid: string;
  readonly identifier: string;
}

/** ShipHero's `ISODateTime` as its API writes it: no offset, milliseconds. */
export const graphqlTime = (time: number) => new Date(time).toISOString().slice(0, 23);
/** The webhooks' "2025-02-03 13:19:30". */
export const webhookTime = (time: number) => new Date(time).toISOString().slice(0, 19).replace('T', ' ');

export const levelKey = (sku: string, warehouse: string) => `${warehouse}/${sku}`;

/** The sandbox's account: warehouses, levels and the change log, changed only through the sandbox's methods. */
export function createSandboxState(now: () => number) {
  const warehouses = new Map<string, SandboxWarehouse>();
  const levels = new Map<string, { sku: string; warehouse: string; level: SandboxLevel }>();
  const changes: SandboxChange[] = [];

  const levelOf = (sku: string, warehouse: string) => {
    const key = levelKey(sku, warehouse);
    let entry = levels.get(key);
    if (entry === undefined) {
      entry = {
        sku,
        warehouse,
        level: {
          on_hand: 0,
          allocated: 0,
          reserve_inventory: 0,
          non_sellable_quantity: 0,
          sell_ahead: 0,
          backorder: 0,
          updated_at: graphqlTime(now()),
        },
      };
      levels.set(key, entry);
    }
    return entry;
  };

  return {
    warehouses,
    levels,
    changes,
    addWarehouse(legacyId: number, identifier = `Warehouse ${legacyId}`): SandboxWarehouse {
      const warehouse = { legacyId, uuid: warehouseUuid(legacyId), identifier };
      warehouses.set(warehouse.uuid, warehouse);
      return warehouse;
    },
    levelOf,
    /** Sets counts directly, as an import would: no change is logged. */
    setLevel(sku: string, warehouse: string, counts: Partial<SandboxLevel>) {
      const entry = levelOf(sku, warehouse);
      Object.assign(entry.level, counts, { updated_at: graphqlTime(now()) });
      return entry.level;
    },
    /** Moves on hand by `change` and logs it, as a count correction, a receipt or a shipment does. */
    moveOnHand(sku: string, warehouse: string, change: number, reason: string): SandboxChange {
      const entry = levelOf(sku, warehouse);
      const time = now();
      const row: SandboxChange = {
        sku,
        warehouse_id: warehouse,
        previous_on_hand: entry.level.on_hand,
        change_in_on_hand: change,
        reason,
        cycle_counted: false,
        created_at: graphqlTime(time),
        location_id: null,
      };
      entry.level.on_hand += change;
      entry.level.updated_at = graphqlTime(time);
      changes.push(row);
      return row;
    },
    reset() {
      warehouses.clear();
      levels.clear();
      changes.length = 0;
    },
  };
}

export type SandboxState = ReturnType<typeof createSandboxState>;
