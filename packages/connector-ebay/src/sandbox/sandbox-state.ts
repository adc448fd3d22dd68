import { randomUUID } from 'node:crypto';

/** An eBay error as the Sell APIs send it (sell_inventory_v1_oas3.json `Error`). */
export interface SandboxEbayError {
  errorId: number;
  domain: string;
  subdomain?: string;
  category: 'REQUEST' | 'APPLICATION' | 'SYSTEM';
  message: string;
  longMessage?: string;
  parameters?: Array<{ name: string; value: string }>;
}

export interface SandboxItem {
  sku: string;
  /** The ship-to-home quantity across every marketplace. */
  quantity: number;
  /** Quantities per merchant location (`availabilityDistributions`), when the seller uses locations. */
  distributions: Map<string, number>;
  /** Set by `makeMalformed`: the item is answered with a quantity that is not a number. */
  malformed?: boolean;
}

export interface SandboxOffer {
  offerId: string;
  sku: string;
  marketplaceId: string;
  status: 'PUBLISHED' | 'UNPUBLISHED';
  availableQuantity: number;
  listingId: string;
  price: { value: string; currency: string };
}

export interface SandboxLine {
  lineItemId: string;
  sku: string;
  quantity: number;
  marketplaceId: string;
  fulfilled: boolean;
}

export interface SandboxOrder {
  orderId: string;
  /** In-Store Pickup at this merchant location; a shipped order names none. */
  pickupAt?: string | undefined;
  creationDate: string;
  lastModifiedDate: string;
  cancelled: boolean;
  lines: SandboxLine[];
}

export const inventoryError = (
  errorId: number,
  message: string,
  category: SandboxEbayError['category'] = 'REQUEST',
  parameters: Array<{ name: string; value: string }> = [],
): SandboxEbayError => ({
  errorId,
  domain: 'API_INVENTORY',
  subdomain: 'Selling',
  category,
  message,
  longMessage: message,
  parameters,
});

/** Everything the sandbox's eBay account holds; tests read and change it through the sandbox's methods. */
export function createSandboxState() {
  let nextListing = 110_000_000_000;
  let nextOffer = 5_000_000_000;
  let nextOrder = 1;
  return {
    items: new Map<string, SandboxItem>(),
    /** The seller's inventory locations by merchantLocationKey (getInventoryLocations). */
    locations: new Map<string, { name: string }>(),
    offers: new Map<string, SandboxOffer>(),
    orders: new Map<string, SandboxOrder>(),
    /** Revisions per `${day}:${listingId}`. */
    revisions: new Map<string, number>(),
    /** Errors eBay answers a SKU's next updates with (its 207 item result), until cleared. */
    refusals: new Map<string, SandboxEbayError>(),
    /** Quantity writes applied (an item's or an offer's quantity set by bulk_update_price_quantity). */
    writes: 0,
    newListingId: () => String(nextListing++),
    newOfferId: () => String(nextOffer++),
    newOrderId: () => `${String(nextOrder++).padStart(2, '0')}-${randomUUID().slice(0, 5)}-${randomUUID().slice(0, 5)}`,
  };
}
export type SandboxState = ReturnType<typeof createSandboxState>;

/** An order in the Fulfillment API's shape (sell_fulfillment_v1_oas3.json `Order`). */
export function orderBody(order: SandboxOrder) {
  const allFulfilled = order.lines.every((line) => line.fulfilled);
  const anyFulfilled = order.lines.some((line) => line.fulfilled);
  return {
    orderId: order.orderId,
    legacyOrderId: `${order.orderId.replace(/-/g, '')}`,
    creationDate: order.creationDate,
    lastModifiedDate: order.lastModifiedDate,
    orderFulfillmentStatus: allFulfilled ? 'FULFILLED' : anyFulfilled ? 'IN_PROGRESS' : 'NOT_STARTED',
    orderPaymentStatus: 'PAID',
    sellerId: 'stockwire_sandbox_seller',
    buyer: { username: 'sandbox_buyer' },
    cancelStatus: { cancelState: order.cancelled ? 'CANCELED' : 'NONE_REQUESTED', cancelRequests: [] },
    salesRecordReference: order.orderId.slice(0, 2),
    fulfillmentStartInstructions: [
      order.pickupAt === undefined
        ? { fulfillmentInstructionsType: 'SHIP_TO', shippingStep: { shippingServiceCode: 'USPSPriority' } }
        : { fulfillmentInstructionsType: 'PICKUP', pickupStep: { merchantLocationKey: order.pickupAt } },
    ],
    lineItems: order.lines.map((line) => ({
      lineItemId: line.lineItemId,
      legacyItemId: '110000000000',
      sku: line.sku,
      title: line.sku,
      quantity: line.quantity,
      soldFormat: 'FIXED_PRICE',
      listingMarketplaceId: line.marketplaceId,
      purchaseMarketplaceId: line.marketplaceId,
      lineItemFulfillmentStatus: line.fulfilled ? 'FULFILLED' : 'NOT_STARTED',
      lineItemCost: { value: '10.00', currency: 'USD' },
    })),
  };
}
