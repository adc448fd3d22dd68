import {
  type ConnectionMappingV2,
  ConnectorConfigurationError,
  type ItemFailureV2,
  type PollPageV2,
  type PollRequestV2,
} from '@stockwire/connector-spec';
import type { InventoryEvent, OrderRecordInput } from '@stockwire/model';
import { z } from 'zod';
import type { EbayClient } from './ebay-client.ts';
import type { EbayConnectorSettings } from './ebay-settings.ts';
import { ebayConnectorKind } from './ebay-settings.ts';
import { mapEbayOrder } from './map-ebay-orders.ts';

/**
 * Where the last poll stopped: orders modified after `modifiedAfter`. Inside a paged result also the offset
 * reached (Fulfillment's `offset` counts orders) and the upper bound the pages were asked for, so every page of one
 * pass reads the same window.
 */
export const EbayOrdersCursorSchema = z.strictObject({
  modifiedAfter: z.iso.datetime({ offset: true }),
  offset: z.int().min(0).optional(),
  modifiedBefore: z.iso.datetime({ offset: true }).optional(),
  /** The latest lastModifiedDate seen on the pages read so far: where the next pass starts. */
  latestSeen: z.iso.datetime({ offset: true }).optional(),
});
export type EbayOrdersCursor = z.infer<typeof EbayOrdersCursorSchema>;

const OrdersPage = z.looseObject({
  orders: z.array(z.unknown()).nullish(),
  total: z.number().int().nullish(),
  next: z.string().nullish(),
});
const OrderTimes = z.looseObject({ lastModifiedDate: z.string() });

export interface EbayOrdersContext {
  readonly client: EbayClient;
  readonly settings: EbayConnectorSettings;
  readonly mapping: ConnectionMappingV2;
  readonly connection: string;
  readonly now: () => Date;
}

/**
 * Orders modified since the cursor (`GET /order?filter=lastmodifieddate:[from..to]`), as reservation events: the
 * poll heals notifications eBay never delivered. Boundary orders may come twice; their idempotency keys make that
 * harmless.
 */
export async function pullEbayOrders(
  context: EbayOrdersContext,
  request: PollRequestV2<EbayOrdersCursor>,
): Promise<PollPageV2<EbayOrdersCursor>> {
  const cursor = readCursor(context, request.cursor);
  const modifiedBefore = cursor.modifiedBefore ?? context.now().toISOString();
  const offset = cursor.offset ?? 0;
  const limit = Math.min(request.limit ?? context.settings.ordersPageSize, context.settings.ordersPageSize);
  const answer = await context.client.call({
    operation: 'getOrders',
    method: 'GET',
    path: '/sell/fulfillment/v1/order',
    query: { filter: `lastmodifieddate:[${cursor.modifiedAfter}..${modifiedBefore}]`, limit, offset },
    responseSchema: OrdersPage,
  });
  const events: InventoryEvent[] = [];
  const records: OrderRecordInput[] = [];
  const failures: ItemFailureV2[] = [];
  let latest = cursor.latestSeen ?? cursor.modifiedAfter;
  const orders = answer.data?.orders ?? [];
  orders.forEach((raw, index) => {
    const mapped = mapEbayOrder(raw, `getOrders offset ${offset} $.orders[${index}]`, context.mapping);
    events.push(...mapped.events);
    records.push(...mapped.orders);
    failures.push(...mapped.failures);
    const times = OrderTimes.safeParse(raw);
    if (times.success && Date.parse(times.data.lastModifiedDate) > Date.parse(latest))
      latest = times.data.lastModifiedDate;
  });
  const reached = offset + orders.length;
  if (answer.data?.next != null && orders.length > 0 && reached < (answer.data.total ?? Number.POSITIVE_INFINITY)) {
    return {
      events,
      orders: records,
      failures,
      cursor: { modifiedAfter: cursor.modifiedAfter, offset: reached, modifiedBefore, latestSeen: latest },
      hasMore: true,
    };
  }
  return { events, orders: records, failures, cursor: { modifiedAfter: latest }, hasMore: false };
}

function readCursor(context: EbayOrdersContext, cursor: unknown): EbayOrdersCursor {
  if (cursor === undefined) {
    const since = new Date(context.now().getTime() - context.settings.ordersLookbackHours * 3_600_000);
    return { modifiedAfter: since.toISOString() };
  }
  const parsed = EbayOrdersCursorSchema.safeParse(cursor);
  if (parsed.success) return parsed.data;
  throw new ConnectorConfigurationError({
    connector: ebayConnectorKind,
    system: 'eBay',
    connection: context.connection,
    problem: `the stored orders cursor ${JSON.stringify(cursor)} is not an eBay orders cursor (${parsed.error.issues[0]?.message}); reset the connection's orders cursor`,
  });
}
