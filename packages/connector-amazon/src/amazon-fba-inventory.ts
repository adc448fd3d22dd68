import type {
  ItemFailureV2,
  RemoteInventoryRecordV2,
  SnapshotPageV2,
  SnapshotRequestV2,
} from '@stockwire/connector-spec';
import { z } from 'zod';
import type { AmazonClient } from './amazon-client.ts';
import { AmazonInvalidCursorError } from './amazon-errors.ts';
import type { AmazonPushContext } from './amazon-push-context.ts';
import { InventorySummariesAnswer, mapInventorySummary } from './map-amazon-inventory.ts';
import { readAmazonAnswer } from './read-amazon-answer.ts';

/** Which marketplace the snapshot is in, and Amazon's page token inside it. */
const SnapshotCursor = z.strictObject({ marketplace: z.int().min(0), nextToken: z.string().optional() });

/**
 * FBA stock as a read-only location per marketplace whose authority is Amazon (every state: see
 * map-amazon-inventory.ts for how Amazon's buckets become canonical states): getInventorySummaries at
 * Marketplace granularity with details, page by page (Amazon's page size is fixed at 50), marketplace after
 * marketplace. The cursor is opaque to the runner.
 */
export async function readFbaInventory(
  context: Pick<AmazonPushContext, 'settings' | 'mapping' | 'connection'> & { client: AmazonClient },
  request: SnapshotRequestV2,
): Promise<SnapshotPageV2> {
  const cursor = parseCursor(request.cursor, context.connection);
  const marketplaceId = context.settings.marketplaceIds[cursor.marketplace];
  if (marketplaceId === undefined) return { records: [], failures: [] };
  const answer = readAmazonAnswer(
    InventorySummariesAnswer,
    await context.client.call({
      operation: 'getInventorySummaries',
      endpoint: 'fbaInventory',
      query: {
        details: true,
        granularityType: 'Marketplace',
        granularityId: marketplaceId,
        marketplaceIds: [marketplaceId],
        ...(cursor.nextToken === undefined ? {} : { nextToken: cursor.nextToken }),
      },
      target: `getInventorySummaries in ${marketplaceId}`,
    }),
    `the getInventorySummaries answer for ${marketplaceId}`,
    context.connection,
  );
  // The fallback for summaries without their own observation time (see fbaObservedAt).
  const answeredAt = new Date().toISOString();
  const records: RemoteInventoryRecordV2[] = [];
  const failures: ItemFailureV2[] = [];
  answer.payload.inventorySummaries.forEach((raw, index) => {
    const mapped = mapInventorySummary(raw, index, marketplaceId, context.mapping, answeredAt);
    if ('record' in mapped) records.push(mapped.record);
    else failures.push(mapped.failure);
  });
  const nextToken = answer.pagination?.nextToken ?? undefined;
  const next =
    nextToken !== undefined
      ? { marketplace: cursor.marketplace, nextToken }
      : cursor.marketplace + 1 < context.settings.marketplaceIds.length
        ? { marketplace: cursor.marketplace + 1 }
        : undefined;
  return { records, failures, nextCursor: next === undefined ? undefined : JSON.stringify(next) };
}

function parseCursor(cursor: string | undefined, connection: string): z.infer<typeof SnapshotCursor> {
  if (cursor === undefined) return { marketplace: 0 };
  try {
    return SnapshotCursor.parse(JSON.parse(cursor));
  } catch (error) {
    throw new AmazonInvalidCursorError({ connection, problem: `snapshot cursor ${cursor} is not ours`, cause: error });
  }
}
