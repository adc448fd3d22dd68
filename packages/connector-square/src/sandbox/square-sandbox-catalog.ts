import type { SandboxRequest, SandboxResponse } from '@stockwire/connector-kit/sandbox';
import { decodeCursor, encodeCursor, type SquareSandboxState, squareErrors } from './square-sandbox-state.ts';

type Body = Record<string, unknown>;

/** GET /v2/locations: every location of the seller. */
export function listLocations(state: SquareSandboxState): SandboxResponse {
  return {
    body: {
      locations: [...state.locations.values()].map((location) => ({
        id: location.id,
        name: location.name,
        status: 'ACTIVE',
        type: 'PHYSICAL',
        capabilities: ['CREDIT_CARD_PROCESSING'],
        merchant_id: 'SANDBOXMERCHANT',
        country: 'US',
        currency: 'USD',
        timezone: 'UTC',
        created_at: '2026-01-01T00:00:00.000Z',
      })),
    },
  };
}

/**
 * POST /v2/catalog/search for ITEM_VARIATION objects, optionally with an `exact_query` or `set_query` on `sku`.
 * As Square documents, attribute values match case-insensitively, so a caller must still compare SKUs exactly.
 */
export function searchCatalogObjects(state: SquareSandboxState, request: SandboxRequest): SandboxResponse {
  const body = (request.json ?? {}) as Body;
  const types = Array.isArray(body.object_types) ? body.object_types : undefined;
  if (types !== undefined && !(types.length === 1 && types[0] === 'ITEM_VARIATION')) {
    return squareErrors(400, [
      { code: 'INVALID_VALUE', detail: 'the sandbox only serves ITEM_VARIATION objects', field: 'object_types' },
    ]);
  }
  const limit = typeof body.limit === 'number' && body.limit >= 1 && body.limit <= 1_000 ? body.limit : 100;
  const wanted = wantedSkus(body.query as Body | undefined);
  const offset = decodeCursor(body.cursor, JSON.stringify([wanted]));
  if (offset === 'invalid')
    return squareErrors(400, [{ code: 'INVALID_CURSOR', detail: 'Invalid cursor', field: 'cursor' }]);
  const matching = [...state.variations.values()]
    .filter((variation) => wanted === undefined || wanted.includes((variation.sku ?? '').toLowerCase()))
    .sort((left, right) => left.id.localeCompare(right.id));
  const page = matching.slice(offset, offset + limit).map((variation) => ({
    type: 'ITEM_VARIATION',
    id: variation.id,
    updated_at: variation.updatedAt,
    version: 1,
    is_deleted: false,
    present_at_all_locations: true,
    item_variation_data: {
      item_id: variation.itemId,
      name: 'Regular',
      ...(variation.sku === undefined ? {} : { sku: variation.sku }),
      pricing_type: 'VARIABLE_PRICING',
      track_inventory: true,
      sellable: true,
      stockable: true,
    },
  }));
  const next = offset + limit < matching.length ? encodeCursor(offset + limit, JSON.stringify([wanted])) : undefined;
  return {
    body: { objects: page, latest_time: new Date().toISOString(), ...(next === undefined ? {} : { cursor: next }) },
  };
}

function wantedSkus(query: Body | undefined): string[] | undefined {
  const exact = query?.exact_query as Body | undefined;
  if (exact?.attribute_name === 'sku') return [String(exact.attribute_value).toLowerCase()];
  const set = query?.set_query as Body | undefined;
  if (set?.attribute_name === 'sku' && Array.isArray(set.attribute_values)) {
    return set.attribute_values.map((value) => String(value).toLowerCase());
  }
  return undefined;
}
