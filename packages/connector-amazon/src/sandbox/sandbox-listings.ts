import type { SandboxResponse, SandboxRouter } from '@stockwire/connector-kit/sandbox';
import { amazonError, queryList, type SandboxContext, underLimit } from './sandbox-context.ts';
import { listingKey, type SandboxListing } from './sandbox-state.ts';

const base = '/listings/2021-08-01/items/:sellerId';

/** Listings Items API 2021-08-01: searchListingsItems by SKU and patchListingsItem of fulfillment_availability. */
export function addListingsRoutes(router: SandboxRouter, context: SandboxContext): void {
  router.on('GET', base, (request, parameters) =>
    underLimit(context, 'searchListingsItems', () => {
      if (parameters.sellerId !== context.sellerId) return amazonError(403, 'Unauthorized', 'Access denied');
      const marketplaceIds = queryList(request.query.marketplaceIds);
      const identifiers = queryList(request.query.identifiers);
      if (marketplaceIds.length !== 1) {
        return amazonError(400, 'InvalidInput', 'Exactly one marketplaceIds value is required');
      }
      if (identifiers.length > 20) return amazonError(400, 'InvalidInput', 'At most 20 identifiers are allowed');
      const [marketplaceId] = marketplaceIds as [string];
      const items = identifiers
        .map((sku) => context.state.listings.get(listingKey(marketplaceId, sku)))
        .filter((listing): listing is SandboxListing => listing !== undefined)
        .map((listing) => ({
          sku: listing.sku,
          fulfillmentAvailability:
            listing.quantity === undefined ? [] : [{ fulfillmentChannelCode: 'DEFAULT', quantity: listing.quantity }],
        }));
      return { body: { numberOfResults: items.length, items } };
    }),
  );

  router.on('PATCH', `${base}/:sku`, (request, parameters) =>
    underLimit(context, 'patchListingsItem', (): SandboxResponse => {
      if (parameters.sellerId !== context.sellerId) return amazonError(403, 'Unauthorized', 'Access denied');
      const sku = parameters.sku ?? '';
      const marketplaceIds = queryList(request.query.marketplaceIds);
      const availability = fulfillmentAvailability(request.json);
      if (marketplaceIds.length === 0 || availability === undefined) {
        return amazonError(400, 'InvalidInput', 'productType, patches and marketplaceIds are required');
      }
      const submissionId = `${context.state.nextIdentifier++}`;
      const listings = marketplaceIds.map((id) => context.state.listings.get(listingKey(id, sku)));
      const rejection = context.state.rejections.get(sku);
      if (listings.some((listing) => listing === undefined) || rejection !== undefined) {
        const issue = rejection ?? { code: '4000001', message: `SKU ${sku} has no offer in this marketplace` };
        return { body: { sku, status: 'INVALID', submissionId, issues: [{ ...issue, severity: 'ERROR' }] } };
      }
      for (const listing of listings) if (listing !== undefined) applyAvailability(listing, availability);
      context.state.writes++;
      return { body: { sku, status: 'ACCEPTED', submissionId, issues: [] } };
    }),
  );
}

/** The DEFAULT (merchant-fulfilled) availability a patch body or feed message sets, if it sets a quantity. */
export function fulfillmentAvailability(
  body: unknown,
): { quantity: number; leadTimeToShipMaxDays: number | undefined } | undefined {
  const patches = (body as { patches?: unknown } | undefined)?.patches;
  if (!Array.isArray(patches)) return undefined;
  for (const patch of patches as { path?: unknown; value?: unknown }[]) {
    if (patch.path !== '/attributes/fulfillment_availability' || !Array.isArray(patch.value)) continue;
    const entry = (
      patch.value as { fulfillment_channel_code?: unknown; quantity?: unknown; lead_time_to_ship_max_days?: unknown }[]
    ).find((candidate) => candidate.fulfillment_channel_code === 'DEFAULT');
    if (typeof entry?.quantity !== 'number') continue;
    const leadTime = entry.lead_time_to_ship_max_days;
    return { quantity: entry.quantity, leadTimeToShipMaxDays: typeof leadTime === 'number' ? leadTime : undefined };
  }
  return undefined;
}

/** A `replace` of fulfillment_availability sets the whole attribute: an absent lead time is Amazon's default again. */
export function applyAvailability(
  listing: SandboxListing,
  availability: NonNullable<ReturnType<typeof fulfillmentAvailability>>,
): void {
  listing.quantity = availability.quantity;
  listing.leadTimeToShipMaxDays = availability.leadTimeToShipMaxDays;
}
