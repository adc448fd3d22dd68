import type { PollPageV2, PollRequestV2 } from '@stockwire/connector-spec';
import { mapSalesOrderLine } from './map-netsuite-sales-orders.ts';
import {
  type ChangesContext,
  type NetSuiteChangesCursor,
  pullTransactionLinePage,
  reservationsCreatedAfter,
} from './netsuite-changes.ts';
import { salesOrderLinesQuery } from './netsuite-queries.ts';

/**
 * One page of sales order lines changed since the cursor, as reservations (see map-netsuite-sales-orders.ts). Its
 * own cursor, of the same shape as the changes cursor: the runner keeps one per stream.
 */
export async function pullNetSuiteSalesOrders(
  request: PollRequestV2<NetSuiteChangesCursor>,
  context: ChangesContext & { readonly reservations: { readonly maximumOrderAgeDays: number } },
): Promise<PollPageV2<NetSuiteChangesCursor>> {
  const createdAfter = reservationsCreatedAfter(context.now(), context.reservations.maximumOrderAgeDays);
  return await pullTransactionLinePage(request, context, {
    query: salesOrderLinesQuery(context.itemKey),
    params: [createdAfter],
    map: (candidate, index) =>
      mapSalesOrderLine(candidate, index, { ...context, reservationsCreatedAfter: createdAfter }),
  });
}
