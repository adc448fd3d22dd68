import type { ConnectionMappingV2, ItemFailureV2, RemoteInventoryRecordV2 } from '@stockwire/connector-spec';
import { captureItemFailure, MalformedPayloadError } from '@stockwire/connector-spec';
import type { InventoryEvent } from '@stockwire/model';
import {
  type InventoryChange,
  type InventoryChangeWebhook,
  type WarehouseProduct,
  WarehouseProductSchema,
} from './shiphero-payloads.ts';
import { shipHeroTime, toTheSecond } from './shiphero-time.ts';

/**
 * How ShipHero's warehouse product counts become canonical states. ShipHero's `on_hand` counts the sellable bins
 * only: units in non-sellable bins (`non_sellable_quantity`) are outside it and are not reported, so canonical on
 * hand is what ShipHero can ship. `available` is derived (on hand − allocated − reserve), never stored.
 */
export const shipHeroLevelStateTable = [
  { shipHero: 'on_hand', canonical: 'onHand' },
  { shipHero: 'allocated', canonical: 'committed' },
  { shipHero: 'reserve_inventory', canonical: 'reserved' },
  { shipHero: 'available', canonical: '(derived: onHand − committed − reserved)' },
  { shipHero: 'non_sellable_quantity', canonical: '(none: outside on_hand; kept in raw)' },
  { shipHero: 'backorder, sell_ahead', canonical: '(none: order-side numbers; kept in raw)' },
] as const;

const whole = (value: number | null | undefined) => Math.max(0, value ?? 0);

/** One warehouse product as a canonical record, in canonical units; throws UnmappedSkuError/UnmappedLocationError. */
export function warehouseProductRecord(
  product: WarehouseProduct,
  mapping: ConnectionMappingV2,
  answeredAt: string,
): RemoteInventoryRecordV2 {
  const sku = mapping.toCanonicalSku(product.sku);
  const location = mapping.toCanonicalLocation(product.warehouse_id);
  const units = mapping.unitsPer(sku);
  return {
    sku,
    location,
    quantities: {
      onHand: whole(product.on_hand) * units,
      committed: whole(product.allocated) * units,
      reserved: whole(product.reserve_inventory) * units,
    },
    // ShipHero's own time of the last change, so an older read never replaces a newer observation.
    observedAt: (product.updated_at == null ? undefined : shipHeroTime(product.updated_at)) ?? answeredAt,
    raw: product,
  };
}

/** A page's nodes as records; a node that does not parse or map is a typed failure of its own. */
export function warehouseProductRecords(
  nodes: readonly unknown[],
  mapping: ConnectionMappingV2,
  answeredAt: string,
  connection: string,
) {
  const records: RemoteInventoryRecordV2[] = [];
  const failures: ItemFailureV2[] = [];
  nodes.forEach((node, index) => {
    const where = `warehouse_products edges[${index}]`;
    const parsed = WarehouseProductSchema.safeParse(node);
    if (!parsed.success) {
      const error = MalformedPayloadError.fromZodError(`ShipHero ${where}`, parsed.error, {
        connection,
        vendorBody: node,
      });
      failures.push({ where, error });
      return;
    }
    const described = `${where} (${parsed.data.sku} at warehouse ${parsed.data.warehouse_id})`;
    const result = captureItemFailure(described, () => warehouseProductRecord(parsed.data, mapping, answeredAt));
    if ('value' in result) records.push(result.value);
    else failures.push(result.failure);
  });
  return { records, failures };
}

export interface OnHandChange {
  readonly sku: string;
  /** The warehouse's GraphQL id. */
  readonly warehouse: string;
  readonly previousOnHand: number;
  readonly change: number;
  /** ISO-8601, UTC. */
  readonly occurredAt: string;
  readonly raw: unknown;
}

/**
 * A change of a warehouse's on hand as an absolute snapshot of on hand (previous + change), not as a relative
 * adjustment: the Inventory Change webhook and the `inventory_changes` poll report the same movement, and ShipHero
 * redelivers and reorders webhooks, so an absolute value at ShipHero's time is safe to receive twice or late. The
 * key is the same from both feeds (ShipHero gives no change id): warehouse, SKU, second, previous on hand, change.
 */
export function onHandSnapshotEvent(change: OnHandChange, mapping: ConnectionMappingV2, connection: string) {
  const sku = mapping.toCanonicalSku(change.sku);
  const location = mapping.toCanonicalLocation(change.warehouse);
  const units = mapping.unitsPer(sku);
  const event: InventoryEvent = {
    kind: 'snapshot',
    idempotencyKey: onHandChangeKey(change),
    source: connection,
    occurredAt: change.occurredAt,
    sku,
    location,
    quantities: { onHand: Math.max(0, change.previousOnHand + change.change) * units },
    raw: change.raw,
  };
  return event;
}

/** ShipHero gives no change id: the movement's warehouse, SKU, second, previous on hand and change name it. */
export function onHandChangeKey(change: OnHandChange): string {
  const second = toTheSecond(change.occurredAt);
  return `shiphero:on-hand:${change.warehouse}:${change.sku}:${second}:${change.previousOnHand}:${change.change}`;
}

/** One row of `inventory_changes`, or undefined when its time cannot be read. */
export function polledChange(node: InventoryChange): OnHandChange | undefined {
  const occurredAt = shipHeroTime(node.created_at);
  if (occurredAt === undefined) return undefined;
  return {
    sku: node.sku,
    warehouse: node.warehouse_id,
    previousOnHand: node.previous_on_hand,
    change: node.change_in_on_hand,
    occurredAt,
    raw: node,
  };
}

/** One Inventory Change delivery: the bin moved from `old_quantity` to `quantity`, on hand by the same. */
export function deliveredChange(body: InventoryChangeWebhook, warehouse: string): OnHandChange | undefined {
  const occurredAt = shipHeroTime(body.timestamp);
  if (occurredAt === undefined) return undefined;
  return {
    sku: body.sku,
    warehouse,
    previousOnHand: body.previous_on_hand,
    change: body.quantity - body.old_quantity,
    occurredAt,
    raw: body,
  };
}
