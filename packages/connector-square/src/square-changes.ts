import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  MalformedPayloadError,
  type PollPageV2,
  type PollRequestV2,
} from '@stockwire/connector-spec';
import type { InventoryEvent } from '@stockwire/model';
import { z } from 'zod';
import { mapSquareChange } from './map-square-changes.ts';
import type { SquareCatalog } from './square-catalog.ts';
import type { SquareApi } from './square-client.ts';
import { SquareInventoryChangeSchema } from './square-payloads.ts';
import { squareConfigurationError } from './square-settings.ts';

/**
 * Where a poll of Square's changes feed stands. `since` is Square's own server time (`created_at`) of the newest
 * change seen, minus an overlap; `recent` the ids already delivered inside that overlap, so nothing comes twice;
 * `page` Square's cursor while one query's pages are being read.
 */
export const SquareChangesCursorSchema = z.strictObject({
  since: z.iso.datetime({ offset: true }),
  page: z.string().min(1).optional(),
  newest: z.iso.datetime({ offset: true }),
  recent: z.array(z.string().min(1)).max(5_000),
});
export type SquareChangesCursor = z.infer<typeof SquareChangesCursorSchema>;

/**
 * Square filters on server time but may make a change visible a little after its `created_at`: re-reading the
 * last half minute (deduplicated by id) keeps such late arrivals.
 */
const overlapMs = 30_000;
const recentLimit = 5_000;

/** Changes (adjustments and physical counts) Square received since the cursor, as canonical events. */
export async function pullSquareChanges(
  request: PollRequestV2<SquareChangesCursor>,
  options: { api: SquareApi; catalog: SquareCatalog; mapping: ConnectionMappingV2; now: () => Date },
): Promise<PollPageV2<SquareChangesCursor>> {
  const { api } = options;
  const cursor = parseCursor(request.cursor, api.connection, options.now);
  const answer = await api.call('BatchRetrieveInventoryChanges', async (sdk) => {
    const page = await sdk.inventory.batchGetChanges({
      types: ['PHYSICAL_COUNT', 'ADJUSTMENT'],
      updatedAfter: cursor.since,
      cursor: cursor.page,
      limit: Math.min(Math.max(request.limit ?? 100, 1), 1_000),
    });
    return page.response;
  });
  const recent = new Set(cursor.recent);
  const events: InventoryEvent[] = [];
  const failures: ItemFailureV2[] = [];
  let newest = cursor.newest;
  const seen: string[] = [];
  const entries = answer.changes ?? [];
  const variationIds = entries.flatMap((entry) => {
    const detail = entry.adjustment ?? entry.physicalCount;
    return detail?.catalogObjectId ? [detail.catalogObjectId] : [];
  });
  await options.catalog.ensureKnown(variationIds, { done: false });
  entries.forEach((entry, index) => {
    const parsed = SquareInventoryChangeSchema.safeParse(entry);
    if (!parsed.success) {
      const error = MalformedPayloadError.fromZodError(
        `change ${index} of BatchRetrieveInventoryChanges`,
        parsed.error,
        {
          connection: api.connection,
          vendorBody: entry,
        },
      );
      failures.push({ where: `BatchRetrieveInventoryChanges change ${index}`, error });
      return;
    }
    const detail = parsed.data.adjustment ?? parsed.data.physicalCount ?? parsed.data.transfer;
    const id = detail?.id ?? `change-${index}`;
    const createdAt = detail?.createdAt ?? undefined;
    if (recent.has(id)) return;
    if (createdAt !== undefined && createdAt > newest) newest = createdAt;
    seen.push(id);
    const result = captureItemFailure(`Square change ${id}`, () =>
      mapSquareChange(parsed.data, {
        connection: api.connection,
        mapping: options.mapping,
        skuOfVariation: (variationId) => options.catalog.skuOf(variationId),
      }),
    );
    if ('value' in result) events.push(...result.value);
    else failures.push(result.failure);
  });
  const next = answer.cursor ?? undefined;
  const kept = [...cursor.recent, ...seen].slice(-recentLimit);
  if (next !== undefined) {
    return { events, failures, cursor: { since: cursor.since, page: next, newest, recent: kept }, hasMore: true };
  }
  // The query is read to its end: the next one starts just before the newest change seen.
  const since = new Date(Math.max(Date.parse(newest) - overlapMs, Date.parse(cursor.since))).toISOString();
  return { events, failures, cursor: { since, newest, recent: kept }, hasMore: false };
}

function parseCursor(cursor: unknown, connection: string, now: () => Date): SquareChangesCursor {
  if (cursor === undefined) {
    // The first poll starts now (less the overlap, as every later poll): history before it is in the snapshot.
    const start = new Date(now().getTime() - overlapMs).toISOString();
    return { since: start, newest: start, recent: [] };
  }
  const parsed = SquareChangesCursorSchema.safeParse(cursor);
  if (parsed.success) return parsed.data;
  throw squareConfigurationError(
    connection,
    `the stored changes cursor ${JSON.stringify(cursor)} is not a Square changes cursor ({ since, newest, recent }): ` +
      `${parsed.error.issues[0]?.message}. Clear the stored cursor to poll from now (the next snapshot covers the gap)`,
  );
}
