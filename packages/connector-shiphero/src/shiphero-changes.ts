import type { ItemFailureV2, PollPageV2, PollRequestV2 } from '@stockwire/connector-spec';
import { ConnectorError, captureItemFailure, MalformedPayloadError } from '@stockwire/connector-spec';
import type { InventoryEvent } from '@stockwire/model';
import { z } from 'zod';
import { onHandChangeKey, onHandSnapshotEvent, polledChange } from './map-shiphero-levels.ts';
import { inventoryChangesDocument } from './shiphero-documents.ts';
import { type PageContext, readPage } from './shiphero-inventory-read.ts';
import { InventoryChangeSchema } from './shiphero-payloads.ts';
import { toTheSecond } from './shiphero-time.ts';

/**
 * Where the healing pass over `inventory_changes` is: ShipHero does not guarantee webhook delivery, so this poll
 * reads every on-hand change since `since` (to the second, inclusive, oldest first). `seen` holds the keys already
 * reported at that second, so a new instance resumes exactly where a crashed one stopped.
 */
export const ShipHeroChangesCursorSchema = z.strictObject({
  version: z.literal(1),
  since: z.iso.datetime(),
  seen: z.array(z.string().min(1)),
});
export type ShipHeroChangesCursor = z.infer<typeof ShipHeroChangesCursorSchema>;

export async function pullShipHeroChanges(
  request: PollRequestV2<ShipHeroChangesCursor>,
  context: PageContext,
): Promise<PollPageV2<ShipHeroChangesCursor>> {
  const cursor = validCursor(request.cursor, context);
  const limit = Math.max(
    1,
    Math.min(request.limit ?? context.settings.changesPageSize, context.settings.changesPageSize),
  );
  const seen = new Set(cursor.seen);
  // Rows of `since` already reported come back first (the bound is inclusive): ask for that many more.
  const page = await readPage(context, {
    operation: 'InventoryChangesPage',
    document: inventoryChangesDocument,
    rootField: 'inventory_changes',
    first: limit + seen.size,
    variables: { dateFrom: cursor.since.slice(0, 19) },
  });
  const events: InventoryEvent[] = [];
  const failures: ItemFailureV2[] = [];
  let since = cursor.since;
  let stoppedAtLimit = false;
  for (const [index, node] of page.nodes.entries()) {
    const where = `inventory_changes edges[${index}]`;
    const parsed = InventoryChangeSchema.safeParse(node);
    const change = parsed.success ? polledChange(parsed.data) : undefined;
    if (change === undefined) {
      const what = `ShipHero ${where}`;
      const error = parsed.success
        ? new MalformedPayloadError({
            what,
            path: '$.created_at',
            problem: 'not a date-time',
            connection: context.connection,
          })
        : MalformedPayloadError.fromZodError(what, parsed.error, { connection: context.connection, vendorBody: node });
      failures.push({ where, error });
      continue;
    }
    const key = onHandChangeKey(change);
    if (seen.has(key)) continue;
    if (events.length >= limit) {
      stoppedAtLimit = true;
      break;
    }
    const second = toTheSecond(change.occurredAt);
    if (second !== since) {
      since = second;
      seen.clear();
    }
    seen.add(key);
    const described = `${where} (${change.sku} at warehouse ${change.warehouse})`;
    const mapped = captureItemFailure(described, () =>
      onHandSnapshotEvent(change, context.mapping, context.connection),
    );
    if ('value' in mapped) events.push(mapped.value);
    else failures.push(mapped.failure);
  }
  return {
    events,
    failures,
    cursor: { version: 1, since, seen: [...seen] },
    hasMore: stoppedAtLimit || page.next !== undefined,
  };
}

function validCursor(cursor: unknown, context: PageContext): ShipHeroChangesCursor {
  if (cursor === undefined) {
    const since = new Date(context.now().getTime() - context.settings.changesLookbackHours * 3_600_000);
    return { version: 1, since: toTheSecond(since.toISOString()), seen: [] };
  }
  const parsed = ShipHeroChangesCursorSchema.safeParse(cursor);
  if (parsed.success) return parsed.data;
  throw new ConnectorError({
    code: 'shiphero_invalid_cursor',
    retryable: false,
    connection: context.connection,
    message:
      `the stored changes cursor of connection "${context.connection}" is not a ShipHero inventory-changes cursor ` +
      `(${parsed.error.message}); reset the connection's cursor to poll from the last ${context.settings.changesLookbackHours} hours`,
  });
}
