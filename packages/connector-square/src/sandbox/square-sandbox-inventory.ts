import type { SandboxRequest, SandboxResponse } from '@stockwire/connector-kit/sandbox';
import {
  countKey,
  decodeCursor,
  encodeCursor,
  type SandboxChange,
  type SquareSandboxState,
  squareErrors,
} from './square-sandbox-state.ts';

type Body = Record<string, unknown>;
const asBody = (request: SandboxRequest): Body => (request.json ?? {}) as Body;
const stringList = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : undefined;
const invalidCursor = squareErrors(400, [{ code: 'INVALID_CURSOR', detail: 'Invalid cursor', field: 'cursor' }]);

function pageLimit(value: unknown, fallback: number): number | 'invalid' {
  if (value === undefined || value === null) return fallback;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 1_000 ? value : 'invalid';
}

/** POST /v2/inventory/counts/batch-retrieve: current counts, newest `calculated_at` first, paged by cursor. */
export function batchRetrieveCounts(state: SquareSandboxState, request: SandboxRequest): SandboxResponse {
  const body = asBody(request);
  const limit = pageLimit(body.limit, 1_000);
  if (limit === 'invalid') {
    return squareErrors(400, [{ code: 'VALUE_TOO_HIGH', detail: 'limit must be 1 to 1000', field: 'limit' }]);
  }
  const ids = stringList(body.catalog_object_ids);
  const locations = stringList(body.location_ids);
  // Square ignores the untracked states NONE, SOLD and UNLINKED_RETURN in this filter.
  const states = stringList(body.states)?.filter((value) => !['NONE', 'SOLD', 'UNLINKED_RETURN'].includes(value));
  const updatedAfter = typeof body.updated_after === 'string' ? Date.parse(body.updated_after) : undefined;
  const query = JSON.stringify([ids, locations, states, body.updated_after]);
  const offset = decodeCursor(body.cursor, query);
  if (offset === 'invalid') return invalidCursor;
  const matching = [...state.counts.values()]
    .filter((count) => ids === undefined || ids.includes(count.catalog_object_id))
    .filter((count) => locations === undefined || locations.includes(count.location_id))
    .filter((count) => states === undefined || states.length === 0 || states.includes(count.state))
    .filter((count) => updatedAfter === undefined || Date.parse(count.calculated_at) > updatedAfter)
    .sort(
      (left, right) =>
        right.calculated_at.localeCompare(left.calculated_at) ||
        countKey(left.catalog_object_id, left.location_id, left.state).localeCompare(
          countKey(right.catalog_object_id, right.location_id, right.state),
        ),
    );
  const page = matching.slice(offset, offset + limit);
  const next = offset + limit < matching.length ? encodeCursor(offset + limit, query) : undefined;
  return { body: { counts: page, ...(next === undefined ? {} : { cursor: next }) } };
}

/**
 * POST /v2/inventory/changes/batch-retrieve: physical counts and adjustments received after `updated_after`,
 * oldest `occurred_at` first, paged by cursor.
 */
export function batchRetrieveChanges(state: SquareSandboxState, request: SandboxRequest): SandboxResponse {
  const body = asBody(request);
  const limit = pageLimit(body.limit, 100);
  if (limit === 'invalid') {
    return squareErrors(400, [{ code: 'VALUE_TOO_HIGH', detail: 'limit must be 1 to 1000', field: 'limit' }]);
  }
  const ids = stringList(body.catalog_object_ids);
  const locations = stringList(body.location_ids);
  const types = stringList(body.types) ?? ['PHYSICAL_COUNT', 'ADJUSTMENT'];
  const after = typeof body.updated_after === 'string' ? Date.parse(body.updated_after) : undefined;
  const before = typeof body.updated_before === 'string' ? Date.parse(body.updated_before) : undefined;
  const query = JSON.stringify([ids, locations, types, body.updated_after, body.updated_before]);
  const offset = decodeCursor(body.cursor, query);
  if (offset === 'invalid') return invalidCursor;
  const detailOf = (change: SandboxChange) => (change.physical_count ?? change.adjustment ?? {}) as Body;
  const matching = state.changes
    .filter((change) => types.includes(change.type))
    .filter((change) => ids === undefined || ids.includes(String(detailOf(change).catalog_object_id)))
    .filter((change) => locations === undefined || locations.includes(String(detailOf(change).location_id)))
    .filter((change) => after === undefined || Date.parse(change.createdAt) > after)
    .filter((change) => before === undefined || Date.parse(change.createdAt) < before)
    .sort(
      (left, right) =>
        left.occurredAt.localeCompare(right.occurredAt) ||
        left.createdAt.localeCompare(right.createdAt) ||
        left.id.localeCompare(right.id),
    );
  const page = matching.slice(offset, offset + limit).map(wireChange);
  const next = offset + limit < matching.length ? encodeCursor(offset + limit, query) : undefined;
  return { body: { changes: page, ...(next === undefined ? {} : { cursor: next }) } };
}

/** A stored change as Square's InventoryChange (without the sandbox's bookkeeping fields). */
export function wireChange(change: SandboxChange): Body {
  return change.type === 'PHYSICAL_COUNT'
    ? { type: change.type, physical_count: change.physical_count }
    : { type: change.type, adjustment: change.adjustment };
}
