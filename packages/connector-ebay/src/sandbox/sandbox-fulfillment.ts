import type { SandboxRequest, SandboxResponse } from '@stockwire/connector-kit/sandbox';
import { orderBody, type SandboxState } from './sandbox-state.ts';

const fulfillmentError = (errorId: number, message: string) => ({
  errors: [
    { errorId, domain: 'API_FULFILLMENT', subdomain: 'Selling', category: 'REQUEST', message, longMessage: message },
  ],
});

/** `lastmodifieddate:[from..to]` (either bound may be empty), as getOrders' filter takes it. */
function readFilter(filter: string | undefined): { from: number; to: number } | undefined {
  if (filter === undefined) return { from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY };
  const match = /^lastmodifieddate:\[(.*?)\.\.(.*?)\]$/.exec(filter);
  if (match === null) return undefined;
  const from = match[1] === '' ? Number.NEGATIVE_INFINITY : Date.parse(match[1] ?? '');
  const to = match[2] === '' ? Number.POSITIVE_INFINITY : Date.parse(match[2] ?? '');
  return Number.isNaN(from) || Number.isNaN(to) ? undefined : { from, to };
}

/** The Fulfillment API's order reads (sell_fulfillment_v1_oas3.json getOrders, getOrder). */
export function createFulfillmentRoutes(state: SandboxState, baseUrl: () => string) {
  return {
    /** GET /order?filter=lastmodifieddate:[..]&limit&offset — offset counts orders here. */
    list(request: SandboxRequest): SandboxResponse {
      const window = readFilter(typeof request.query.filter === 'string' ? request.query.filter : undefined);
      const limit = Number(request.query.limit ?? '50');
      const offset = Number(request.query.offset ?? '0');
      if (window === undefined || !Number.isInteger(limit) || limit < 1 || limit > 200 || offset < 0) {
        return { status: 400, body: fulfillmentError(30800, 'Invalid filter, limit or offset.') };
      }
      const matching = [...state.orders.values()]
        .filter((order) => {
          const modified = Date.parse(order.lastModifiedDate);
          return modified >= window.from && modified <= window.to;
        })
        .sort((left, right) => Date.parse(left.lastModifiedDate) - Date.parse(right.lastModifiedDate));
      const page = matching.slice(offset, offset + limit);
      const link = (target: number) =>
        `${baseUrl()}/sell/fulfillment/v1/order?limit=${limit}&offset=${target}` +
        (request.query.filter === undefined ? '' : `&filter=${encodeURIComponent(String(request.query.filter))}`);
      return {
        body: {
          href: link(offset),
          limit,
          offset,
          total: matching.length,
          ...(offset + limit < matching.length ? { next: link(offset + limit) } : {}),
          orders: page.map(orderBody),
        },
      };
    },
    /** GET /order/{orderId} */
    one(orderId: string): SandboxResponse {
      const order = state.orders.get(orderId);
      if (order === undefined) return { status: 404, body: fulfillmentError(32100, `Order ${orderId} was not found.`) };
      return { body: orderBody(order) };
    },
  };
}
