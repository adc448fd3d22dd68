import type { ConnectionMappingV2, ItemFailureV2, PollPageV2, PollRequestV2 } from '@stockwire/connector-spec';
import { MalformedPayloadError } from '@stockwire/connector-spec';
import type { InventoryEvent } from '@stockwire/model';
import { z } from 'zod';
import { mapTransactionLine } from './map-netsuite-transactions.ts';
import type { NetSuiteClient } from './netsuite-client.ts';
import { type NetSuiteItemKey, transactionLinesQuery } from './netsuite-queries.ts';
import { netSuiteConfigurationError } from './netsuite-settings.ts';

/**
 * Where a change poll stopped: the last transaction line read, by its `lastmodifieddate` (NetSuite's
 * `YYYY-MM-DD HH:MM:SS`), transaction id and line id, the order the query reads in. Strict, so a cursor of another
 * connector or version is refused rather than misread.
 */
export const NetSuiteChangesCursorSchema = z.strictObject({
  version: z.literal(1),
  modifiedAfter: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'YYYY-MM-DD HH:MM:SS'),
  transaction: z.string().regex(/^\d+$/),
  line: z.string().regex(/^\d+$/),
});
export type NetSuiteChangesCursor = z.infer<typeof NetSuiteChangesCursorSchema>;

export interface ChangesContext {
  readonly client: NetSuiteClient;
  readonly mapping: ConnectionMappingV2;
  readonly connection: string;
  readonly account: string;
  readonly pageSize: number;
  readonly lookbackHours: number;
  readonly itemKey: NetSuiteItemKey;
  /** Present when sales order reservations are on: how old an order may be and still hold one. */
  readonly reservations?: { readonly maximumOrderAgeDays: number } | undefined;
  readonly now: () => Date;
}

export const toSuiteQlTimestamp = (date: Date) => date.toISOString().slice(0, 19).replace('T', ' ');

/** The oldest creation time of a sales order whose lines hold reservations (older ones are the snapshot's). */
export function reservationsCreatedAfter(now: Date, maximumOrderAgeDays: number): string {
  return toSuiteQlTimestamp(new Date(now.getTime() - maximumOrderAgeDays * 86_400_000));
}

/** One page of inventory-affecting transaction lines after the cursor; every row read moves the cursor. */
export async function pullNetSuiteChanges(
  request: PollRequestV2<NetSuiteChangesCursor>,
  context: ChangesContext,
): Promise<PollPageV2<NetSuiteChangesCursor>> {
  const createdAfter =
    context.reservations === undefined
      ? undefined
      : reservationsCreatedAfter(context.now(), context.reservations.maximumOrderAgeDays);
  return await pullTransactionLinePage(request, context, {
    query: transactionLinesQuery(context.itemKey),
    params: [],
    map: (candidate, index) =>
      mapTransactionLine(candidate, index, { ...context, reservationsCreatedAfter: createdAfter }),
  });
}

export interface TransactionLineFeed {
  readonly query: string;
  /** Bound before the cursor's five parameters. */
  readonly params: readonly string[];
  readonly map: (
    candidate: unknown,
    index: number,
  ) => { readonly events?: InventoryEvent[] | undefined; readonly failure?: ItemFailureV2 | undefined };
}

/**
 * One page of a feed of transaction lines after the cursor (changes and sales orders read alike); every row read
 * moves the cursor, mapped or not.
 */
export async function pullTransactionLinePage(
  request: PollRequestV2<NetSuiteChangesCursor>,
  context: ChangesContext,
  feed: TransactionLineFeed,
): Promise<PollPageV2<NetSuiteChangesCursor>> {
  const cursor = request.cursor === undefined ? firstCursor(context) : validCursor(request.cursor, context.connection);
  const limit = Math.max(1, Math.min(request.limit ?? context.pageSize, context.pageSize));
  const page = await context.client.suiteQl({
    query: feed.query,
    params: [
      ...feed.params,
      cursor.modifiedAfter,
      cursor.modifiedAfter,
      cursor.transaction,
      cursor.transaction,
      cursor.line,
    ],
    limit,
  });
  const events: InventoryEvent[] = [];
  const failures: ItemFailureV2[] = [];
  page.items.forEach((candidate, index) => {
    const mapped = feed.map(candidate, index);
    if (mapped.events !== undefined) events.push(...mapped.events);
    if (mapped.failure !== undefined) failures.push(mapped.failure);
  });
  const last = page.items.at(-1);
  const next = last === undefined ? cursor : cursorAfter(last, context.connection);
  return { events, failures, cursor: next, hasMore: page.hasMore };
}

function firstCursor(context: ChangesContext): NetSuiteChangesCursor {
  const since = new Date(context.now().getTime() - context.lookbackHours * 3_600_000);
  return { version: 1, modifiedAfter: toSuiteQlTimestamp(since), transaction: '0', line: '0' };
}

function validCursor(cursor: unknown, connection: string): NetSuiteChangesCursor {
  const parsed = NetSuiteChangesCursorSchema.safeParse(cursor);
  if (parsed.success) return parsed.data;
  throw netSuiteConfigurationError(
    connection,
    `the stored changes cursor ${JSON.stringify(cursor)} is not a NetSuite changes cursor ` +
      `(${parsed.error.issues[0]?.message}); clear the connection's cursor to poll from the lookback window again`,
    parsed.error,
  );
}

/** The key of the last row, even when the row was otherwise unreadable, so one bad row never stops the feed. */
function cursorAfter(row: unknown, connection: string): NetSuiteChangesCursor {
  const parsed = NetSuiteChangesCursorSchema.omit({ version: true }).safeParse({
    modifiedAfter: (row as { lastmodifieddate?: unknown } | null)?.lastmodifieddate,
    transaction: (row as { transaction?: unknown } | null)?.transaction,
    line: (row as { line?: unknown } | null)?.line,
  });
  if (parsed.success) return { version: 1, ...parsed.data };
  throw MalformedPayloadError.fromZodError('the last row of a SuiteQL page of transactionline', parsed.error, {
    connection,
    vendorBody: row,
  });
}
