import type { ListingStatus } from '@stockwire/model';
import type { VendureVariantStock } from './vendure-variants.ts';

/** The variant fields a listing status sets (the names of Vendure's `UpdateProductVariantInput`). */
export interface VendureListingFlags {
  enabled?: boolean;
  trackInventory?: 'TRUE' | 'FALSE' | 'INHERIT';
  useGlobalOutOfStockThreshold?: boolean;
  outOfStockThreshold?: number;
}

/** The statuses Vendure can express; the rest are pushed as their quantity only. */
export const vendureListingStatuses = [
  'in-stock',
  'out-of-stock',
  'backorder',
  'disabled',
] as const satisfies readonly ListingStatus[];

/**
 * What each canonical status asks of a variant. Vendure sells while stockOnHand − stockAllocated exceeds the
 * out-of-stock threshold, so a negative threshold (`useGlobalOutOfStockThreshold: false`) is how it takes
 * backorders; a disabled variant is not sold at all. Stock is only enforced with trackInventory, so a status
 * that limits sales to the stock pushed turns a variant's `FALSE` into `TRUE` (INHERIT follows the global setting).
 */
export function listingFlagsFor(status: ListingStatus, backorderLimit: number): VendureListingFlags {
  switch (status) {
    case 'in-stock':
    case 'out-of-stock':
      return { enabled: true, trackInventory: 'TRUE', useGlobalOutOfStockThreshold: true };
    case 'backorder':
      return {
        enabled: true,
        trackInventory: 'TRUE',
        useGlobalOutOfStockThreshold: false,
        outOfStockThreshold: -backorderLimit,
      };
    case 'disabled':
      return { enabled: false };
    default:
      return {};
  }
}

/** Only the flags that differ from what the variant has now, so an unchanged listing sends nothing. */
export function listingFlagsToChange(variant: VendureVariantStock, wanted: VendureListingFlags): VendureListingFlags {
  const change: VendureListingFlags = {};
  if (wanted.enabled !== undefined && variant.enabled !== wanted.enabled) change.enabled = wanted.enabled;
  if (wanted.trackInventory === 'TRUE' && variant.trackInventory === 'FALSE') change.trackInventory = 'TRUE';
  if (
    wanted.useGlobalOutOfStockThreshold !== undefined &&
    variant.useGlobalOutOfStockThreshold !== wanted.useGlobalOutOfStockThreshold
  ) {
    change.useGlobalOutOfStockThreshold = wanted.useGlobalOutOfStockThreshold;
  }
  if (wanted.outOfStockThreshold !== undefined && variant.outOfStockThreshold !== wanted.outOfStockThreshold) {
    change.outOfStockThreshold = wanted.outOfStockThreshold;
  }
  return change;
}
