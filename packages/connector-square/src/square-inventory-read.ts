import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  MalformedPayloadError,
  type RemoteInventoryRecordV2,
  type SnapshotPageV2,
  type SnapshotRequestV2,
} from '@stockwire/connector-spec';
import { readUnits } from './map-square-changes.ts';
import {
  canonicalQuantities,
  isSquareInventoryState,
  type SquareInventoryState,
  squareSnapshotStates,
} from './map-square-states.ts';
import type { SquareCatalog } from './square-catalog.ts';
import type { SquareApi } from './square-client.ts';
import { type SquareInventoryCount, SquareInventoryCountSchema } from './square-payloads.ts';

export interface CountTranslation {
  readonly connection: string;
  readonly mapping: ConnectionMappingV2;
  readonly catalog: SquareCatalog;
  /** What the counts are part of, for error messages, e.g. `BatchRetrieveInventoryCounts`. */
  readonly what: string;
  /** True when the counts hold every on-hand state of each position (a snapshot), so on hand can be summed. */
  readonly complete: boolean;
  /** When the vendor gives no `calculated_at`: the receive time (documented fallback). */
  readonly receivedAt: string;
}

/** Square counts (one per state) as one canonical record per variation × location; bad positions fail alone. */
export function countsToRecords(
  counts: readonly SquareInventoryCount[],
  translation: CountTranslation,
): { records: RemoteInventoryRecordV2[]; failures: ItemFailureV2[] } {
  const positions = new Map<string, SquareInventoryCount[]>();
  for (const count of counts) {
    const key = `${count.catalogObjectId}@${count.locationId}`;
    positions.set(key, [...(positions.get(key) ?? []), count]);
  }
  const records: RemoteInventoryRecordV2[] = [];
  const failures: ItemFailureV2[] = [];
  for (const [key, group] of positions) {
    const first = group[0] as SquareInventoryCount;
    const result = captureItemFailure(`${translation.what} ${key}`, () => {
      const sku = translation.mapping.toCanonicalSku(translation.catalog.skuOf(first.catalogObjectId));
      const location = translation.mapping.toCanonicalLocation(first.locationId);
      const unitsPer = translation.mapping.unitsPer(sku);
      const byState = new Map<SquareInventoryState, number>();
      for (const count of group) {
        if (!isSquareInventoryState(count.state)) continue; // a state from a newer API version: not ours to count
        const path = `$.counts[${key} ${count.state}].quantity`;
        const units = readUnits(
          count.quantity,
          path,
          unitsPer,
          count,
          translation,
          `the counts of ${translation.what}`,
        );
        byState.set(count.state, (byState.get(count.state) ?? 0) + units);
      }
      const observedAt = group
        .map((count) => count.calculatedAt)
        .filter((value): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value)))
        .sort()
        .at(-1);
      return {
        sku,
        location,
        quantities: canonicalQuantities(byState, translation.complete),
        observedAt: observedAt ?? translation.receivedAt,
        raw: group,
      } satisfies RemoteInventoryRecordV2;
    });
    if ('value' in result) records.push(result.value);
    else failures.push(result.failure);
  }
  return { records, failures };
}

/** Reads counts in Square's answer shape, leniently; an unreadable entry is a failure, not a crash. */
export function readCounts(
  entries: readonly unknown[],
  what: string,
  connection: string,
): { counts: SquareInventoryCount[]; failures: ItemFailureV2[] } {
  const counts: SquareInventoryCount[] = [];
  const failures: ItemFailureV2[] = [];
  entries.forEach((entry, index) => {
    const parsed = SquareInventoryCountSchema.safeParse(entry);
    if (parsed.success) counts.push(parsed.data);
    else {
      failures.push({
        where: `${what} count ${index}`,
        error: MalformedPayloadError.fromZodError(`count ${index} of ${what}`, parsed.error, {
          connection,
          vendorBody: entry,
        }),
      });
    }
  });
  return { counts, failures };
}

/**
 * One snapshot page: a page of the catalog's item variations, then every count of those variations (all
 * locations, every state with a canonical meaning), so each variation × location comes back once and complete.
 * The cursor is Square's catalog cursor.
 */
export async function readSquareSnapshotPage(
  request: SnapshotRequestV2,
  options: { api: SquareApi; catalog: SquareCatalog; mapping: ConnectionMappingV2; pageSize: number },
): Promise<SnapshotPageV2> {
  const { api, catalog } = options;
  const receivedAt = new Date().toISOString();
  const page = await catalog.readPage(request.cursor, options.pageSize);
  const entries: unknown[] = [];
  if (page.variations.length > 0) {
    let cursor: string | undefined;
    do {
      const answer = await api.call('BatchRetrieveInventoryCounts', async (sdk) => {
        const counts = await sdk.inventory.batchGetCounts({
          catalogObjectIds: page.variations.map((variation) => variation.id),
          states: [...squareSnapshotStates],
          cursor,
          limit: 1_000,
        });
        return counts.response;
      });
      entries.push(...(answer.counts ?? []));
      cursor = answer.cursor ?? undefined;
    } while (cursor !== undefined);
  }
  const read = readCounts(entries, 'BatchRetrieveInventoryCounts', api.connection);
  const translated = countsToRecords(read.counts, {
    connection: api.connection,
    mapping: options.mapping,
    catalog,
    what: 'BatchRetrieveInventoryCounts',
    complete: true,
    receivedAt,
  });
  return {
    records: translated.records,
    failures: [...read.failures, ...translated.failures],
    ...(page.cursor === undefined ? {} : { nextCursor: page.cursor }),
  };
}
