import type { SandboxRouter } from '@stockwire/connector-kit/sandbox';
import { amazonError, queryList, queryValue, type SandboxContext, underLimit } from './sandbox-context.ts';

interface StoredOrder {
  readonly lastUpdatedTime: string;
  readonly salesChannel?: { readonly marketplaceId?: string };
  readonly fulfillment?: { readonly fulfilledBy?: string };
}

/** Orders 2026-01-01 searchOrders: filtered by update time, marketplace and who fulfils, oldest update first. */
export function addOrdersRoutes(
  router: SandboxRouter,
  context: SandboxContext,
  orders: () => readonly unknown[],
): void {
  router.on('GET', '/orders/2026-01-01/orders', (request) =>
    underLimit(context, 'searchOrders', () => {
      const after = queryValue(request.query.lastUpdatedAfter);
      const createdAfter = queryValue(request.query.createdAfter);
      if (after === undefined && createdAfter === undefined) {
        return amazonError(400, 'InvalidInput', 'Either createdAfter or lastUpdatedAfter is required');
      }
      const marketplaceIds = queryList(request.query.marketplaceIds);
      const fulfilledBy = queryList(request.query.fulfilledBy);
      const pageSize = Number(queryValue(request.query.maxResultsPerPage) ?? 100);
      const matching = (orders() as StoredOrder[])
        .filter((order) => after === undefined || Date.parse(order.lastUpdatedTime) >= Date.parse(after))
        .filter(
          (order) => marketplaceIds.length === 0 || marketplaceIds.includes(order.salesChannel?.marketplaceId ?? ''),
        )
        .filter(
          (order) => fulfilledBy.length === 0 || fulfilledBy.includes(order.fulfillment?.fulfilledBy ?? 'MERCHANT'),
        )
        .sort((left, right) => Date.parse(left.lastUpdatedTime) - Date.parse(right.lastUpdatedTime));
      const token = queryValue(request.query.paginationToken);
      const start = token === undefined ? 0 : Number(Buffer.from(token, 'base64').toString('utf8'));
      const end = start + pageSize;
      const nextToken = end < matching.length ? Buffer.from(String(end)).toString('base64') : undefined;
      return {
        body: { orders: matching.slice(start, end), ...(nextToken === undefined ? {} : { pagination: { nextToken } }) },
      };
    }),
  );
}
