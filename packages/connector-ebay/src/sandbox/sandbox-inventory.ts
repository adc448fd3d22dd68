import type { SandboxRequest, SandboxResponse } from '@stockwire/connector-kit/sandbox';
import { inventoryError, type SandboxEbayError, type SandboxState } from './sandbox-state.ts';

const basePath = '/sell/inventory/v1';

export interface InventoryRoutesOptions {
  readonly state: SandboxState;
  readonly baseUrl: () => string;
  readonly revisionCap: number;
  /** The sandbox's calendar day, `YYYY-MM-DD`, for the revision cap. */
  readonly day: () => string;
}

const notFound = (sku: string) =>
  inventoryError(25701, `The SKU ${sku} could not be found.`, 'REQUEST', [{ name: 'sku', value: sku }]);

function itemBody(state: SandboxState, sku: string) {
  const item = state.items.get(sku);
  if (item === undefined) return undefined;
  return {
    sku,
    locale: 'en_US',
    condition: 'NEW',
    product: { title: sku, imageUrls: [] },
    availability: {
      shipToLocationAvailability: {
        quantity: item.malformed === true ? 'plenty' : item.quantity,
        ...(item.distributions.size === 0
          ? {}
          : {
              availabilityDistributions: [...item.distributions].map(([merchantLocationKey, quantity]) => ({
                merchantLocationKey,
                quantity,
              })),
            }),
      },
    },
  };
}

/** The Sell Inventory API calls the connector makes, answered as sell_inventory_v1_oas3.json describes them. */
export function createInventoryRoutes(options: InventoryRoutesOptions) {
  const { state } = options;
  const answerError = (status: number, errors: SandboxEbayError[]): SandboxResponse => ({ status, body: { errors } });

  return {
    /** GET /inventory_item?limit&offset — offset is the page number. */
    list(request: SandboxRequest): SandboxResponse {
      const limit = Number(request.query.limit ?? '25');
      const page = Number(request.query.offset ?? '0');
      if (!Number.isInteger(limit) || limit < 1 || limit > 200 || !Number.isInteger(page) || page < 0) {
        return answerError(400, [inventoryError(25709, 'Invalid value for limit or offset.')]);
      }
      const skus = [...state.items.keys()];
      const pageOf = skus.slice(page * limit, page * limit + limit);
      const link = (target: number) => `${options.baseUrl()}${basePath}/inventory_item?limit=${limit}&offset=${target}`;
      return {
        body: {
          href: link(page),
          limit,
          size: pageOf.length,
          total: skus.length,
          ...((page + 1) * limit < skus.length ? { next: link(page + 1) } : {}),
          ...(page > 0 ? { prev: link(page - 1) } : {}),
          inventoryItems: pageOf.map((sku) => itemBody(state, sku)),
        },
      };
    },
    /** POST /bulk_get_inventory_item */
    bulkGet(request: SandboxRequest): SandboxResponse {
      const requests = (request.json as { requests?: Array<{ sku?: string }> } | undefined)?.requests ?? [];
      if (requests.length === 0 || requests.length > 25) {
        return answerError(400, [inventoryError(25709, 'Between 1 and 25 SKUs can be requested at a time.')]);
      }
      const responses = requests.map(({ sku = '' }) => {
        const body = itemBody(state, sku);
        return body === undefined
          ? { statusCode: 404, sku, errors: [notFound(sku)] }
          : { statusCode: 200, sku, inventoryItem: body };
      });
      return { status: responses.every((entry) => entry.statusCode === 200) ? 200 : 207, body: { responses } };
    },
    /** GET /offer?sku= */
    offers(request: SandboxRequest): SandboxResponse {
      const sku = String(request.query.sku ?? '');
      const offers = [...state.offers.values()].filter((offer) => offer.sku === sku);
      if (offers.length === 0) {
        return answerError(404, [
          inventoryError(25713, 'This Offer is not available.', 'REQUEST', [{ name: 'sku', value: sku }]),
        ]);
      }
      return {
        body: {
          href: `${options.baseUrl()}${basePath}/offer?sku=${encodeURIComponent(sku)}`,
          limit: Number(request.query.limit ?? '25'),
          size: offers.length,
          total: offers.length,
          offers: offers.map((offer) => ({
            offerId: offer.offerId,
            sku: offer.sku,
            marketplaceId: offer.marketplaceId,
            format: 'FIXED_PRICE',
            availableQuantity: offer.availableQuantity,
            pricingSummary: { price: offer.price },
            listing: { listingId: offer.listingId, listingStatus: 'ACTIVE', soldQuantity: 0 },
            status: offer.status,
          })),
        },
      };
    },
    /** POST /bulk_update_price_quantity — 200 when every item took, 207 Multi-Status otherwise. */
    bulkUpdate(request: SandboxRequest): SandboxResponse {
      type Request = {
        sku?: string;
        shipToLocationAvailability?: { quantity?: number };
        offers?: Array<{ offerId?: string; availableQuantity?: number; price?: unknown }>;
      };
      const requests = (request.json as { requests?: Request[] } | undefined)?.requests ?? [];
      if (requests.length === 0 || requests.length > 25) {
        return answerError(400, [inventoryError(25709, 'Between 1 and 25 requests can be sent at a time.')]);
      }
      const responses = requests.flatMap((entry) => update(entry));
      return { status: responses.every((entry) => entry.statusCode === 200) ? 200 : 207, body: { responses } };
    },
  };

  function update(entry: {
    sku?: string;
    shipToLocationAvailability?: {
      quantity?: number;
      availabilityDistributions?: Array<{ merchantLocationKey?: string; quantity?: number }>;
    };
    offers?: Array<{ offerId?: string; availableQuantity?: number }>;
  }) {
    const sku = entry.sku ?? '';
    const item = state.items.get(sku);
    const offers = entry.offers ?? [];
    const answer = (statusCode: number, errors?: SandboxEbayError[]) =>
      offers.length === 0
        ? [{ statusCode, sku, ...(errors === undefined ? {} : { errors }) }]
        : offers.map((offer) => ({
            statusCode,
            sku,
            offerId: offer.offerId,
            ...(errors === undefined ? {} : { errors }),
          }));
    if (item === undefined) return answer(404, [notFound(sku)]);
    const refusal = state.refusals.get(sku);
    if (refusal !== undefined) return answer(400, [refusal]);
    const quantity = entry.shipToLocationAvailability?.quantity;
    if (quantity !== undefined && (!Number.isInteger(quantity) || quantity < 0)) {
      return answer(400, [
        inventoryError(25004, `Invalid quantity ${quantity}.`, 'REQUEST', [
          { name: 'quantity', value: String(quantity) },
        ]),
      ]);
    }
    const published = offers.map((offer) => state.offers.get(offer.offerId ?? ''));
    if (published.some((offer) => offer === undefined || offer.sku !== sku || offer.status !== 'PUBLISHED')) {
      return answer(400, [inventoryError(25713, 'This Offer is not available.')]);
    }
    const day = options.day();
    for (const offer of published) {
      const key = `${day}:${offer?.listingId}`;
      if ((state.revisions.get(key) ?? 0) >= options.revisionCap) {
        return answer(400, [
          inventoryError(
            25002,
            `The listing ${offer?.listingId} has reached its limit of ${options.revisionCap} revisions today.`,
            'REQUEST',
            [{ name: 'listingId', value: offer?.listingId ?? '' }],
          ),
        ]);
      }
    }
    const distributions = entry.shipToLocationAvailability?.availabilityDistributions;
    if (quantity !== undefined) item.quantity = quantity;
    if (distributions !== undefined) {
      item.distributions = new Map(
        distributions.map((distribution) => [distribution.merchantLocationKey ?? '', distribution.quantity ?? 0]),
      );
    }
    if (quantity !== undefined || offers.some((offer) => offer.availableQuantity !== undefined)) state.writes++;
    offers.forEach((requested, index) => {
      const offer = published[index];
      if (offer === undefined) return;
      if (requested.availableQuantity !== undefined) offer.availableQuantity = requested.availableQuantity;
      const key = `${day}:${offer.listingId}`;
      state.revisions.set(key, (state.revisions.get(key) ?? 0) + 1);
    });
    return answer(200);
  }
}
