import type { ListingStatus } from '@stockwire/model';
import type { AmazonConnectorSettings } from './amazon-settings.ts';

/**
 * What a listing status becomes in the FBM offer's `fulfillment_availability` (the only offer attribute a
 * quantity push replaces). Amazon's attribute carries `quantity` and `lead_time_to_ship_max_days` (the handling
 * time before the seller ships); it has no "backorder" or "preorder" flag, and a listing is withdrawn by quantity 0
 * (deleting the offer, deleteListingsItem, would lose its content and is not a stock decision).
 * https://developer-docs.amazon.com/sp-api/docs/listings-items-api-v2021-08-01-use-case-guide
 * - in-stock, out-of-stock: the quantity, Amazon's default handling time (the attribute is replaced, so a longer
 *   lead time left by an earlier backorder or preorder goes with it);
 * - backorder, preorder: the quantity the channel rules allow, with `backorderLeadTimeDays` /
 *   `preorderLeadTimeDays` of handling time, so buyers see when it ships rather than a promise of today;
 * - disabled, discontinued: quantity 0, whatever the item says, so Amazon stops selling the offer.
 */
export const amazonListingStatuses = [
  'in-stock',
  'out-of-stock',
  'backorder',
  'preorder',
  'disabled',
  'discontinued',
] as const satisfies readonly ListingStatus[];

/** The DEFAULT (merchant-fulfilled) channel's availability for one push item. */
export interface MerchantAvailability {
  readonly quantity: number;
  /** Absent: Amazon's default handling time for the offer. */
  readonly leadTimeToShipMaxDays?: number | undefined;
}

export function merchantAvailability(
  quantity: number,
  status: ListingStatus,
  settings: Pick<AmazonConnectorSettings, 'backorderLeadTimeDays' | 'preorderLeadTimeDays'>,
): MerchantAvailability {
  switch (status) {
    case 'in-stock':
    case 'out-of-stock':
      return { quantity };
    case 'backorder':
      return { quantity, leadTimeToShipMaxDays: settings.backorderLeadTimeDays };
    case 'preorder':
      return { quantity, leadTimeToShipMaxDays: settings.preorderLeadTimeDays };
    case 'disabled':
    case 'discontinued':
      return { quantity: 0 };
  }
}

/**
 * Whether a matching quantity on Amazon proves the offer already shows this availability. searchListingsItems and
 * `expectedRemote` carry the quantity only, never the handling time, so an offer with a lead time is always sent.
 */
export function quantityProvesAvailability(availability: MerchantAvailability): boolean {
  return availability.leadTimeToShipMaxDays === undefined;
}
