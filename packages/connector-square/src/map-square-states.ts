import type { QuantityState } from '@stockwire/model';

/**
 * Square's inventory states (https://developer.squareup.com/reference/square/enums/InventoryState) and where each
 * one counts canonically. `IN_STOCK` is "on hand and available for sale", so it is what Square shows as sellable
 * (`available`) and is also on hand. The other on-hand states are on the shelf but cannot be sold. States that are
 * not at the location any more (`SOLD`, `WASTE` — "lost or damaged and cannot be sold", a cumulative sink) or not
 * yet (`ORDERED_FROM_VENDOR`) or not tracked (`NONE`, `UNLINKED_RETURN`) set nothing in a snapshot; moves into or
 * out of them are events (see map-square-changes.ts).
 */
export const squareStateMeaning = {
  IN_STOCK: { bucket: 'available', onHand: true },
  RESERVED_FOR_SALE: { bucket: 'reserved', onHand: true },
  RETURNED_BY_CUSTOMER: { bucket: 'qualityControl', onHand: true },
  RECEIVED_FROM_VENDOR: { bucket: 'qualityControl', onHand: true },
  IN_TRANSIT: { bucket: 'inTransit', onHand: false },
  IN_TRANSIT_TO: { bucket: 'inTransit', onHand: false },
  SOLD: { bucket: 'outside', onHand: false },
  SOLD_ONLINE: { bucket: 'outside', onHand: false },
  WASTE: { bucket: 'outside', onHand: false },
  NONE: { bucket: 'outside', onHand: false },
  UNLINKED_RETURN: { bucket: 'outside', onHand: false },
  ORDERED_FROM_VENDOR: { bucket: 'outside', onHand: false },
  // Not ours to count: custom states, stock conversions of composed variations, and states from a newer API.
  CUSTOM: { bucket: 'ignored', onHand: false },
  COMPOSED: { bucket: 'ignored', onHand: false },
  DECOMPOSED: { bucket: 'ignored', onHand: false },
  SUPPORTED_BY_NEWER_VERSION: { bucket: 'ignored', onHand: false },
} as const satisfies Record<string, { bucket: SquareStateBucket; onHand: boolean }>;

export type SquareStateBucket = 'available' | 'reserved' | 'qualityControl' | 'inTransit' | 'outside' | 'ignored';
export type SquareInventoryState = keyof typeof squareStateMeaning;

/** The state Stockwire writes (PHYSICAL_COUNT) and the one a snapshot reads as sellable. */
export const squareSellableState = 'IN_STOCK' satisfies SquareInventoryState;

/** States a snapshot asks for: every state with a canonical meaning there. */
export const squareSnapshotStates = (Object.keys(squareStateMeaning) as SquareInventoryState[]).filter(
  (state) => !['outside', 'ignored'].includes(squareStateMeaning[state].bucket),
);

export function isSquareInventoryState(state: string): state is SquareInventoryState {
  return Object.hasOwn(squareStateMeaning, state);
}

export type CanonicalSnapshotQuantities = Partial<Record<Exclude<QuantityState, 'incoming'> | 'available', number>>;

/**
 * Canonical quantities of one variation at one location from its counts per Square state (already in canonical
 * units). `onHand` is only reported when the counts are complete (a snapshot asks for every on-hand state); a
 * webhook naming only some states reports only what those states determine.
 */
export function canonicalQuantities(
  counts: ReadonlyMap<SquareInventoryState, number>,
  complete: boolean,
): CanonicalSnapshotQuantities {
  const quantities: CanonicalSnapshotQuantities = {};
  let onHand = 0;
  for (const [state, quantity] of counts) {
    const meaning = squareStateMeaning[state];
    if (meaning.onHand) onHand += quantity;
    if (meaning.bucket === 'outside' || meaning.bucket === 'ignored') continue;
    quantities[meaning.bucket] = (quantities[meaning.bucket] ?? 0) + quantity;
  }
  if (complete) {
    quantities.onHand = onHand;
    quantities.available ??= 0;
    quantities.reserved ??= 0;
    quantities.qualityControl ??= 0;
    quantities.inTransit ??= 0;
  }
  return quantities;
}

/** Square's decimal strings ("53", "1.5", up to 5 decimals) as numbers; undefined when it is not one. */
export function parseSquareQuantity(quantity: string | null | undefined): number | undefined {
  if (typeof quantity !== 'string' || !/^-?\d{1,20}(\.\d{1,5})?$/.test(quantity)) return undefined;
  return Number(quantity);
}

/** A whole number of units as Square's decimal string. */
export function formatSquareQuantity(quantity: number): string {
  if (!Number.isSafeInteger(quantity)) throw new RangeError(`a count must be a whole number of units: ${quantity}`);
  return String(quantity);
}
