import type { ConnectorStateStoreV2 } from '@stockwire/connector-spec';
import { z } from 'zod';
import type { EbayClient } from './ebay-client.ts';

/** One offer of getOffers (EbayOfferDetailsWithAll), read leniently: only what places and counts a listing. */
export const EbayOfferSchema = z.looseObject({
  offerId: z.string(),
  sku: z.string(),
  marketplaceId: z.string(),
  status: z.string().nullish(),
  availableQuantity: z.number().int().nullish(),
  listing: z.looseObject({ listingId: z.string().nullish() }).nullish(),
});
export type EbayOffer = z.infer<typeof EbayOfferSchema>;
const OffersAnswer = z.looseObject({ offers: z.array(z.unknown()).nullish() });

/** What the connector remembers of a SKU's listing: where it is sold and which listing its revisions count against. */
export interface EbayListing {
  readonly sku: string;
  readonly offerId: string;
  readonly marketplaceId: string;
  /** The published offer's listing; revisions are counted per listing. */
  readonly listingId: string;
  readonly availableQuantity?: number | undefined;
}

const listingKey = (sku: string) => `listing:${sku}`;

/**
 * The published offer of a SKU (`GET /offer?sku=`), as a listing. "The Inventory API does not support the same SKU
 * across multiple eBay marketplaces" (Offers), so a SKU has at most one published offer. Unpublished offers have no
 * listing to revise and are left out. Returns the offers it could not read beside the listing.
 */
export async function fetchEbayListing(
  client: EbayClient,
  sku: string,
): Promise<{ listing: EbayListing | undefined; unreadable: unknown[] }> {
  const answer = await client.call({
    operation: 'getOffers',
    method: 'GET',
    path: '/sell/inventory/v1/offer',
    query: { sku, limit: 25 },
    responseSchema: OffersAnswer,
    // eBay answers 404 (errorId 25713) for a SKU that has no offer at all.
    acceptStatuses: [404],
  });
  const unreadable: unknown[] = [];
  for (const raw of answer.data?.offers ?? []) {
    const offer = EbayOfferSchema.safeParse(raw);
    if (!offer.success) {
      unreadable.push(raw);
      continue;
    }
    const listingId = offer.data.listing?.listingId;
    if (offer.data.status !== 'PUBLISHED' || listingId == null) continue;
    return {
      listing: {
        sku: offer.data.sku,
        offerId: offer.data.offerId,
        marketplaceId: offer.data.marketplaceId,
        listingId,
        availableQuantity: offer.data.availableQuantity ?? undefined,
      },
      unreadable,
    };
  }
  return { listing: undefined, unreadable };
}

/**
 * Listings remembered in the connection's durable state, so a push does not ask eBay for offer ids it already knows
 * (an offer id and its listing do not change while the listing lives). The quantity is never taken from here.
 */
export function createListingDirectory(client: EbayClient, state: ConnectorStateStoreV2 | undefined) {
  const known = new Map<string, EbayListing>();
  return {
    async find(skus: readonly string[]): Promise<Map<string, EbayListing | undefined>> {
      const found = new Map<string, EbayListing | undefined>();
      const missing = skus.filter((sku) => !known.has(sku));
      const stored = missing.length === 0 ? [] : ((await state?.getMany<EbayListing>(missing.map(listingKey))) ?? []);
      missing.forEach((sku, index) => {
        const listing = stored[index];
        if (listing !== undefined) known.set(sku, listing);
      });
      for (const sku of skus) {
        let listing = known.get(sku);
        if (listing === undefined) {
          listing = (await fetchEbayListing(client, sku)).listing;
          if (listing !== undefined) await this.remember(listing);
        }
        found.set(sku, listing);
      }
      return found;
    },
    async remember(listing: EbayListing) {
      const { availableQuantity: _quantity, ...stable } = listing;
      known.set(listing.sku, stable);
      await state?.set(listingKey(listing.sku), stable);
    },
    /** Forgets a listing eBay no longer knows (ended, offer withdrawn), so the next push looks it up again. */
    async forget(sku: string) {
      known.delete(sku);
      await state?.delete(listingKey(sku));
    },
  };
}
export type ListingDirectory = ReturnType<typeof createListingDirectory>;
