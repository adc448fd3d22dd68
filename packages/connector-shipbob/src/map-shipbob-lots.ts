import type { ItemFailureV2 } from '@stockwire/connector-spec';
import { MalformedPayloadError } from '@stockwire/connector-spec';
import { ShipBobItemLotsSchema, ShipBobLotLocationSchema, ShipBobLotSchema } from './shipbob-payloads.ts';

/**
 * What an account's `lot_date` means. ShipBob's OpenAPI describes it both ways ("Expiration date of the item's lot"
 * on one schema, "Expiration or manufacturing date of the lot" on the lot levels this connector reads), so the
 * account says which: a manufacturing date is always in the past and must never withhold stock.
 */
export type ShipBobLotDateMeaning = 'expiration' | 'manufacturing';

/** One lot's quantities at one fulfilment centre, as the snapshot's raw record shows them. */
export interface ShipBobLotAtCenter {
  readonly lot_number: string | null;
  /** ShipBob's `lot_date` (an expiration or a manufacturing date, by the setting); null for a lot without one. */
  readonly lot_date: string | null;
  readonly on_hand_quantity: number;
  readonly fulfillable_quantity: number;
  readonly expired: boolean;
}

/** The lots of one item × fulfilment centre, and how many of the units ShipBob calls fulfillable have expired. */
export interface ShipBobCenterLots {
  readonly lots: ShipBobLotAtCenter[];
  readonly expiredFulfillable: number;
}

/**
 * Reads a page of `GET /{version}/inventory-level/lots` into lots per `inventory_id/location_id`. A lot whose
 * `lot_date` is at or before `asOf` has expired: its units must not be sold, even where ShipBob still counts them
 * fulfillable (its count follows the lot's release, not our clock), so they are counted apart. An unreadable lot
 * date is treated as expired: selling stock that may be past its date is the worse mistake. Where the account's
 * `lot_date` is a manufacturing date, no lot expires by it (the lots are still listed).
 */
export function readLotPage(
  items: readonly unknown[],
  asOf: string,
  connection: string,
  lotDateMeaning: ShipBobLotDateMeaning = 'expiration',
) {
  const byLevel = new Map<string, { lots: ShipBobLotAtCenter[]; expiredFulfillable: number }>();
  const failures: ItemFailureV2[] = [];
  const asOfMs = Date.parse(asOf);
  items.forEach((candidate, itemIndex) => {
    const item = ShipBobItemLotsSchema.safeParse(candidate);
    if (!item.success) {
      failures.push(malformed(`lots items[${itemIndex}]`, item.error, candidate, connection));
      return;
    }
    (item.data.lots ?? []).forEach((lotCandidate, lotIndex) => {
      const at = `lots items[${itemIndex}].lots[${lotIndex}]`;
      const lot = ShipBobLotSchema.safeParse(lotCandidate);
      if (!lot.success) {
        failures.push(malformed(at, lot.error, lotCandidate, connection));
        return;
      }
      const lotDate = lot.data.lot_date ?? null;
      const expiresAt = lotDate === null ? Number.POSITIVE_INFINITY : Date.parse(lotDate);
      const expired = lotDateMeaning === 'expiration' && (Number.isNaN(expiresAt) || expiresAt <= asOfMs);
      (lot.data.locations ?? []).forEach((entry, locationIndex) => {
        const location = ShipBobLotLocationSchema.safeParse(entry);
        if (!location.success) {
          failures.push(malformed(`${at}.locations[${locationIndex}]`, location.error, entry, connection));
          return;
        }
        const key = `${item.data.inventory_id}/${location.data.location_id}`;
        const level = byLevel.get(key) ?? { lots: [], expiredFulfillable: 0 };
        const fulfillable = Math.max(0, location.data.fulfillable_quantity ?? 0);
        level.lots.push({
          lot_number: lot.data.lot_number ?? null,
          lot_date: lotDate,
          on_hand_quantity: Math.max(0, location.data.on_hand_quantity ?? 0),
          fulfillable_quantity: fulfillable,
          expired,
        });
        if (expired) level.expiredFulfillable += fulfillable;
        byLevel.set(key, level);
      });
    });
  });
  return { byLevel: byLevel as Map<string, ShipBobCenterLots>, failures };
}

function malformed(
  at: string,
  error: Parameters<typeof MalformedPayloadError.fromZodError>[1],
  vendorBody: unknown,
  connection: string,
): ItemFailureV2 {
  return {
    where: at,
    error: MalformedPayloadError.fromZodError(`ShipBob inventory lot ${at}`, error, { connection, vendorBody }),
  };
}
