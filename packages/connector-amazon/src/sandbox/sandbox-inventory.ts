import type { SandboxRouter } from '@stockwire/connector-kit/sandbox';
import { amazonError, queryList, queryValue, type SandboxContext, underLimit } from './sandbox-context.ts';

/** FBA Inventory v1 getInventorySummaries at Marketplace granularity, paged with Amazon's opaque nextToken. */
export function addInventoryRoutes(router: SandboxRouter, context: SandboxContext): void {
  router.on('GET', '/fba/inventory/v1/summaries', (request) =>
    underLimit(context, 'getInventorySummaries', () => {
      const granularityType = queryValue(request.query.granularityType);
      const granularityId = queryValue(request.query.granularityId);
      const marketplaceIds = queryList(request.query.marketplaceIds);
      if (granularityType !== 'Marketplace' || granularityId === undefined || marketplaceIds.length !== 1) {
        return amazonError(400, 'InvalidInput', 'granularityType=Marketplace, granularityId and marketplaceIds needed');
      }
      const summaries = context.state.inventory.get(granularityId) ?? [];
      const token = queryValue(request.query.nextToken);
      const start = token === undefined ? 0 : Number.parseInt(Buffer.from(token, 'base64').toString('utf8'), 10);
      if (!Number.isInteger(start) || start < 0) return amazonError(400, 'InvalidInput', 'invalid nextToken');
      const end = start + context.inventoryPageSize;
      const nextToken = end < summaries.length ? Buffer.from(String(end)).toString('base64') : undefined;
      return {
        body: {
          pagination: nextToken === undefined ? {} : { nextToken },
          payload: {
            granularity: { granularityType, granularityId },
            inventorySummaries: summaries.slice(start, end),
          },
        },
      };
    }),
  );
}
