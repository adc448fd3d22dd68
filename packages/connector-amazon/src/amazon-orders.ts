import type { ConnectionMappingV2, ItemFailureV2, PollPageV2, PollRequestV2 } from '@stockwire/connector-spec';
import type { InventoryEvent, OrderRecordInput } from '@stockwire/model';
import { z } from 'zod';
import type { AmazonClient } from './amazon-client.ts';
import { AmazonInvalidCursorError } from './amazon-errors.ts';
import type { AmazonConnectorSettings } from './amazon-settings.ts';
import { mapAmazonOrder } from './map-amazon-orders.ts';
import { readAmazonAnswer } from './read-amazon-answer.ts';

/**
 * Where the last poll stopped: orders updated after `lastUpdatedAfter`; inside a paged result also Amazon's
 * pagination token and the upper bound it was issued for ("all other parameters must be provided with the same
 * values", orders_2026-01-01.json Pagination).
 */
export const AmazonOrdersCursorSchema = z.strictObject({
  lastUpdatedAfter: z.iso.datetime({ offset: true }),
  paginationToken: z.string().min(1).optional(),
  /** The latest lastUpdatedTime seen on the pages read so far: where the next poll starts once paging ends. */
  latestSeen: z.iso.datetime({ offset: true }).optional(),
  /** With SQS notifications on: when searchOrders last ran, so the backstop runs every `ordersBackstopMinutes`. */
  polledAt: z.iso.datetime({ offset: true }).optional(),
});
export type AmazonOrdersCursor = z.infer<typeof AmazonOrdersCursorSchema>;

const SearchOrdersAnswer = z.object({
  orders: z.array(z.unknown()),
  pagination: z.object({ nextToken: z.string().nullish() }).nullish(),
});
const OrderTimes = z.object({ lastUpdatedTime: z.string() });

/** Amazon's page limit for searchOrders. */
const maximumOrdersPerPage = 100;

/**
 * Merchant-fulfilled orders updated since the cursor, as reservation events: searchOrders (2026-01-01, items
 * inline) filtered to fulfilledBy=MERCHANT, because Amazon-fulfilled orders draw on FBA stock, which the FBA
 * snapshot already reports. Boundary orders may come twice; their idempotency keys make that harmless.
 */
export async function pullAmazonOrders(
  context: {
    client: AmazonClient;
    settings: AmazonConnectorSettings;
    mapping: ConnectionMappingV2;
    connection: string;
    now: () => Date;
  },
  request: PollRequestV2<AmazonOrdersCursor>,
): Promise<PollPageV2<AmazonOrdersCursor>> {
  const cursor = readCursor(context, request.cursor);
  const notified = context.settings.sqsQueueUrl !== undefined;
  if (notified && backstopNotDue(cursor, context.settings.ordersBackstopMinutes, context.now())) {
    // ORDER_CHANGE notifications carry the orders now; searchOrders (one call per 180 s) only catches a lost one.
    return { events: [], failures: [], cursor, hasMore: false };
  }
  const polledAt = notified ? { polledAt: context.now().toISOString() } : {};
  const answer = readAmazonAnswer(
    SearchOrdersAnswer,
    await context.client.call({
      operation: 'searchOrders',
      endpoint: 'orders',
      query: {
        lastUpdatedAfter: cursor.lastUpdatedAfter,
        marketplaceIds: context.settings.marketplaceIds,
        fulfilledBy: ['MERCHANT'],
        maxResultsPerPage: Math.min(request.limit ?? maximumOrdersPerPage, maximumOrdersPerPage),
        ...(cursor.paginationToken === undefined ? {} : { paginationToken: cursor.paginationToken }),
      },
      target: 'searchOrders',
    }),
    'the searchOrders answer',
    context.connection,
  );
  const events: InventoryEvent[] = [];
  const orders: OrderRecordInput[] = [];
  const failures: ItemFailureV2[] = [];
  const route = context.settings.merchantOrders === 'route';
  let latest = cursor.latestSeen ?? cursor.lastUpdatedAfter;
  answer.orders.forEach((raw, index) => {
    const mapped = mapAmazonOrder(raw, `searchOrders $.orders[${index}]`, context.mapping, { route });
    events.push(...mapped.events);
    orders.push(...(mapped.orders ?? []));
    failures.push(...mapped.failures);
    const times = OrderTimes.safeParse(raw);
    if (times.success && Date.parse(times.data.lastUpdatedTime) > Date.parse(latest))
      latest = times.data.lastUpdatedTime;
  });
  const nextToken = answer.pagination?.nextToken ?? undefined;
  if (nextToken !== undefined) {
    const next = {
      lastUpdatedAfter: cursor.lastUpdatedAfter,
      paginationToken: nextToken,
      latestSeen: latest,
      ...polledAt,
    };
    return { events, ...(route ? { orders } : {}), failures, cursor: next, hasMore: true };
  }
  return {
    events,
    ...(route ? { orders } : {}),
    failures,
    cursor: { lastUpdatedAfter: latest, ...polledAt },
    hasMore: false,
  };
}

function backstopNotDue(cursor: AmazonOrdersCursor, backstopMinutes: number, now: Date): boolean {
  if (cursor.polledAt === undefined || cursor.paginationToken !== undefined) return false;
  return now.getTime() - Date.parse(cursor.polledAt) < backstopMinutes * 60_000;
}

function readCursor(
  context: { settings: AmazonConnectorSettings; connection: string; now: () => Date },
  cursor: unknown,
): AmazonOrdersCursor {
  if (cursor === undefined) {
    const since = new Date(context.now().getTime() - context.settings.ordersLookbackHours * 3_600_000);
    return { lastUpdatedAfter: since.toISOString() };
  }
  const parsed = AmazonOrdersCursorSchema.safeParse(cursor);
  if (parsed.success) return parsed.data;
  throw new AmazonInvalidCursorError({
    connection: context.connection,
    problem: `${JSON.stringify(cursor)} is not an Amazon orders cursor (${parsed.error.issues[0]?.message})`,
  });
}
