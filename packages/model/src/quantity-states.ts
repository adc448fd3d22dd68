import { z } from 'zod';

/**
 * The states a unit can be in at a location. `onHand` counts every unit physically there; `committed`,
 * `reserved`, `damaged`, `qualityControl` and `safetyStock` are parts of `onHand` that cannot be sold;
 * `inTransit` and `incoming` are not on hand yet. "Available" is derived from these, never stored.
 */
export const quantityStates = [
  'onHand',
  'committed',
  'reserved',
  'damaged',
  'qualityControl',
  'safetyStock',
  'inTransit',
  'incoming',
] as const;

export const QuantityStateSchema = z.enum(quantityStates);

/** The states a snapshot may set: incoming is announced per delivery (`incoming-expected`), never as a total. */
export type SnapshotQuantityState = Exclude<QuantityState, 'incoming'>;
export const snapshotQuantityStates: readonly SnapshotQuantityState[] = quantityStates.filter(
  (state): state is SnapshotQuantityState => state !== 'incoming',
);
export type QuantityState = z.infer<typeof QuantityStateSchema>;

/** The parts of on-hand that are not sellable. */
export const unsellableOnHandStates = ['committed', 'reserved', 'damaged', 'qualityControl', 'safetyStock'] as const;

export type QuantitiesByState = Record<QuantityState, number>;

export function emptyQuantities(): QuantitiesByState {
  return {
    onHand: 0,
    committed: 0,
    reserved: 0,
    damaged: 0,
    qualityControl: 0,
    safetyStock: 0,
    inTransit: 0,
    incoming: 0,
  };
}

/** Sellable units at one location: on hand less everything held back, never below zero. */
export function sellableQuantity(quantities: QuantitiesByState): number {
  let held = 0;
  for (const state of unsellableOnHandStates) held += Math.max(0, quantities[state]);
  return Math.max(0, quantities.onHand - held);
}
