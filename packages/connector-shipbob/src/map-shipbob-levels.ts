import type { ConnectionMappingV2, ItemFailureV2, RemoteInventoryRecordV2 } from '@stockwire/connector-spec';
import { captureItemFailure, MalformedPayloadError } from '@stockwire/connector-spec';
import type { QuantityState } from '@stockwire/model';
import type { ShipBobCenterLots } from './map-shipbob-lots.ts';
import {
  type ShipBobItemLevels,
  ShipBobItemLevelsSchema,
  type ShipBobLocationLevel,
  ShipBobLocationLevelSchema,
} from './shipbob-payloads.ts';
import { canonicalSkuOf } from './shipbob-sku.ts';

/**
 * How one ShipBob level (item × fulfilment centre) becomes canonical states. ShipBob's per-centre answer has no
 * exception field (only the item totals do), so exception stock is what on hand holds beyond committed and
 * fulfillable: damaged, expired lots, units under investigation. Awaiting units are not a state here: incoming
 * stock is announced per receiving order (`incoming-expected`), never as a total.
 */
export const shipBobLevelStateTable = [
  { shipBob: 'on_hand_quantity', canonical: 'onHand' },
  { shipBob: 'committed_quantity', canonical: 'committed' },
  { shipBob: 'on_hand − committed − fulfillable (exception)', canonical: 'qualityControl' },
  { shipBob: 'internal_transfer_quantity', canonical: 'inTransit' },
  { shipBob: 'fulfillable_quantity', canonical: '(derived: onHand − committed − qualityControl)' },
  { shipBob: 'expired lots (lot_date passed) fulfillable_quantity', canonical: 'qualityControl (never sellable)' },
  { shipBob: 'awaiting_quantity', canonical: '(none: receiving orders → incoming-expected)' },
] as const;

export type ShipBobLevelQuantities = Pick<
  Record<QuantityState, number>,
  'onHand' | 'committed' | 'qualityControl' | 'inTransit'
>;

/**
 * The canonical states of one level, in ShipBob's units (not yet multiplied by the SKU's units per item).
 * `expiredFulfillable` is what expired lots still hold of the fulfillable count: it moves to quality control, so
 * it is never sellable (a lot ShipBob already stopped counting fulfillable adds nothing, so nothing counts twice).
 */
export function levelQuantities(level: ShipBobLocationLevel, expiredFulfillable = 0): ShipBobLevelQuantities {
  const onHand = Math.max(0, level.on_hand_quantity ?? 0);
  const committed = Math.max(0, level.committed_quantity ?? 0);
  const fulfillable = Math.max(0, (level.fulfillable_quantity ?? 0) - Math.max(0, expiredFulfillable));
  return {
    onHand,
    committed,
    qualityControl: Math.max(0, onHand - committed - fulfillable),
    inTransit: Math.max(0, level.internal_transfer_quantity ?? 0),
  };
}

/** What a change poll compares: the fields that move a canonical state (an awaiting-only change moves none). */
export function levelFingerprint(level: ShipBobLocationLevel, expiredFulfillable = 0): string {
  const quantities = levelQuantities(level, expiredFulfillable);
  return `${quantities.onHand}/${quantities.committed}/${quantities.qualityControl}/${quantities.inTransit}`;
}

export interface ShipBobLevel {
  readonly item: ShipBobItemLevels;
  readonly level: ShipBobLocationLevel;
  /** `inventory_id/location_id`, the level's identity across polls. */
  readonly key: string;
  /** Its lots, where the connection reads them (`lots: true`). */
  readonly lots?: ShipBobCenterLots;
}

/** Reads one page's items into levels; an item or centre entry that does not parse becomes a typed failure. */
export function readLevelPage(items: readonly unknown[], connection: string) {
  const levels: ShipBobLevel[] = [];
  const failures: ItemFailureV2[] = [];
  items.forEach((candidate, itemIndex) => {
    const item = ShipBobItemLevelsSchema.safeParse(candidate);
    if (!item.success) {
      failures.push(malformed(`items[${itemIndex}]`, item.error, candidate, connection));
      return;
    }
    (item.data.locations ?? []).forEach((entry, locationIndex) => {
      const level = ShipBobLocationLevelSchema.safeParse(entry);
      if (!level.success) {
        failures.push(malformed(`items[${itemIndex}].locations[${locationIndex}]`, level.error, entry, connection));
        return;
      }
      levels.push({ item: item.data, level: level.data, key: `${item.data.inventory_id}/${level.data.location_id}` });
    });
  });
  return { levels, failures };
}

function malformed(
  at: string,
  error: Parameters<typeof MalformedPayloadError.fromZodError>[1],
  vendorBody: unknown,
  connection: string,
): ItemFailureV2 {
  const what = `ShipBob inventory level ${at}`;
  return { where: at, error: MalformedPayloadError.fromZodError(what, error, { connection, vendorBody }) };
}

/** One level as a canonical record, in canonical units; throws UnmappedSkuError or UnmappedLocationError. */
export function levelRecord(
  { item, level, lots }: ShipBobLevel,
  mapping: ConnectionMappingV2,
  observedAt: string,
): RemoteInventoryRecordV2 {
  const sku = canonicalSkuOf(mapping, item.sku, item.inventory_id);
  const location = mapping.toCanonicalLocation(String(level.location_id));
  const units = mapping.unitsPer(sku);
  const quantities = levelQuantities(level, lots?.expiredFulfillable);
  return {
    sku,
    location,
    quantities: {
      onHand: quantities.onHand * units,
      committed: quantities.committed * units,
      qualityControl: quantities.qualityControl * units,
      inTransit: quantities.inTransit * units,
    },
    observedAt,
    raw: {
      inventory_id: item.inventory_id,
      sku: item.sku,
      ...level,
      ...(lots === undefined ? {} : { lots: lots.lots }),
    },
  };
}

/** Levels as records, one failure per level the mapping cannot translate. */
export function levelRecords(levels: readonly ShipBobLevel[], mapping: ConnectionMappingV2, observedAt: string) {
  const records: RemoteInventoryRecordV2[] = [];
  const failures: ItemFailureV2[] = [];
  for (const entry of levels) {
    const where = `inventory ${entry.item.inventory_id} (${entry.item.sku ?? 'no sku'}) at fulfillment center ${entry.level.location_id}`;
    const result = captureItemFailure(where, () => levelRecord(entry, mapping, observedAt));
    if ('value' in result) records.push(result.value);
    else failures.push(result.failure);
  }
  return { records, failures };
}
