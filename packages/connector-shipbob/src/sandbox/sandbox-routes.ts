import { createRouter, type SandboxRequest, type SandboxResponse } from '@stockwire/connector-kit/sandbox';
import { itemLevelsAnswer, itemLotsAnswer, problem, receivingOrderAnswer } from './sandbox-answers.ts';
import type { SandboxState } from './sandbox-state.ts';

export interface RouteContext {
  readonly state: SandboxState;
  readonly version: string;
  /** The sandbox's own URL, for the `next` links ShipBob puts in paged answers. */
  readonly url: () => string;
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The ShipBob API routes of one dated version. Authentication and the rate window are checked before these. */
export function createShipBobRoutes(context: RouteContext) {
  const { state, version } = context;
  return createRouter()
    .on('GET', `/${version}/inventory-level/locations`, (request) => levelPage(request, context))
    .on('GET', `/${version}/inventory-level/lots`, (request) => lotPage(request, context))
    .on('GET', `/${version}/receiving`, (request) => receivingPage(request, context))
    .on('GET', `/${version}/fulfillment-center`, () => ({
      body: [...state.centers.values()].map((center) => ({
        id: center.id,
        name: center.name,
        timezone: 'Central Standard Time',
      })),
    }));
}

/** Items ordered by inventory id; `Cursor` is the offset, carried only by the `next` link ShipBob hands out. */
function levelPage(request: SandboxRequest, { state, version, url }: RouteContext): SandboxResponse {
  const pageSize = Number(single(request.query.PageSize) ?? '100');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 250) {
    return problem(400, 'Bad Request', `PageSize must be between 1 and 250, got ${single(request.query.PageSize)}`);
  }
  const cursor = single(request.query.Cursor);
  const offset = cursor === undefined ? 0 : Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) return problem(400, 'Bad Request', `the cursor ${cursor} is not valid`);
  const items = [...state.items.values()].sort((left, right) => left.inventory_id - right.inventory_id);
  const link = (at: number) =>
    `${url()}/${version}/inventory-level/locations?PageSize=${pageSize}&Cursor=${Buffer.from(String(at)).toString('base64url')}`;
  const lastOffset = Math.max(0, Math.floor((items.length - 1) / pageSize) * pageSize);
  return {
    body: {
      first: offset === 0 ? null : link(0),
      prev: offset === 0 ? null : link(Math.max(0, offset - pageSize)),
      next: offset + pageSize < items.length ? link(offset + pageSize) : null,
      last: offset >= lastOffset ? null : link(lastOffset),
      items: items.slice(offset, offset + pageSize).map(itemLevelsAnswer),
    },
  };
}

/** Items with lots, filtered by `InventoryIds` (comma-separated, as the 2026-01 reference describes it). */
function lotPage(request: SandboxRequest, { state, version, url }: RouteContext): SandboxResponse {
  const pageSize = Number(single(request.query.PageSize) ?? '100');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 250) {
    return problem(400, 'Bad Request', `PageSize must be between 1 and 250, got ${single(request.query.PageSize)}`);
  }
  const idsParameter = single(request.query.InventoryIds);
  const ids = idsParameter === undefined ? undefined : new Set(idsParameter.split(',').map(Number));
  if (ids !== undefined && [...ids].some((id) => !Number.isInteger(id))) {
    return problem(400, 'Bad Request', `InventoryIds must be comma-separated integers, got ${idsParameter}`);
  }
  const cursor = single(request.query.Cursor);
  const offset = cursor === undefined ? 0 : Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) return problem(400, 'Bad Request', `the cursor ${cursor} is not valid`);
  const items = [...state.items.values()]
    .filter((item) => item.lots.length > 0 && (ids === undefined || ids.has(item.inventory_id)))
    .sort((left, right) => left.inventory_id - right.inventory_id);
  const link = (at: number) =>
    `${url()}/${version}/inventory-level/lots?PageSize=${pageSize}&Cursor=${Buffer.from(String(at)).toString('base64url')}`;
  const lastOffset = Math.max(0, Math.floor((items.length - 1) / pageSize) * pageSize);
  return {
    body: {
      first: offset === 0 ? null : link(0),
      prev: offset === 0 ? null : link(Math.max(0, offset - pageSize)),
      next: offset + pageSize < items.length ? link(offset + pageSize) : null,
      last: offset >= lastOffset ? null : link(lastOffset),
      items: items.slice(offset, offset + pageSize).map(itemLotsAnswer),
    },
  };
}

/** Page/Limit paging with the `Next-Page` header, as `GET /receiving` documents it. */
function receivingPage(request: SandboxRequest, { state, version, url }: RouteContext): SandboxResponse {
  const page = Number(single(request.query.Page) ?? '1');
  const limit = Number(single(request.query.Limit) ?? '50');
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(limit) || limit < 1 || limit > 250) {
    return problem(400, 'Bad Request', 'Page must be 1 or more and Limit between 1 and 250');
  }
  const since = single(request.query.InsertStartDate);
  const sinceMs = since === undefined ? Number.NEGATIVE_INFINITY : Date.parse(since);
  const orders = [...state.receivingOrders.values()]
    .filter((order) => order.insertedAt >= sinceMs)
    .sort((left, right) => left.id - right.id);
  const totalPages = Math.max(1, Math.ceil(orders.length / limit));
  const headers: Record<string, string> = {
    'page-number': String(page),
    'total-pages': String(totalPages),
    'total-count': String(orders.length),
    'page-size': String(limit),
  };
  if (page < totalPages) {
    const next = new URLSearchParams({ ...flatQuery(request.query), Page: String(page + 1), Limit: String(limit) });
    headers['next-page'] = `${url()}/${version}/receiving?${next}`;
  }
  return {
    headers,
    body: orders.slice((page - 1) * limit, page * limit).map((order) => receivingOrderAnswer(order, state)),
  };
}

function flatQuery(query: SandboxRequest['query']): Record<string, string> {
  return Object.fromEntries(Object.entries(query).map(([name, value]) => [name, single(value) ?? '']));
}
