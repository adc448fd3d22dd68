import type { ConnectionMappingV2, ItemFailureV2, PollPageV2, PollRequestV2 } from '@stockwire/connector-spec';
import { ConnectorError, captureItemFailure } from '@stockwire/connector-spec';
import type { InventoryEvent } from '@stockwire/model';
import { z } from 'zod';
import { levelFingerprint, levelRecord } from './map-shipbob-levels.ts';
import { receivingOrderChanges } from './map-shipbob-receiving.ts';
import type { ShipBobClient } from './shipbob-client.ts';
import { firstLevelPage, isLevelPageLink, readLevels } from './shipbob-inventory-read.ts';
import { readReceivingOrders } from './shipbob-receiving-read.ts';
import type { ShipBobConnectorSettings } from './shipbob-settings.ts';

/**
 * Where a round of polling is: ShipBob has no inventory webhook, so each round reads every level page (emitting
 * only levels whose fingerprint changed), then the receiving orders of the look-back window. What was reported
 * lives in the cursor, so a new instance resumes exactly where a crashed one stopped.
 */
export const ShipBobChangesCursorSchema = z.strictObject({
  version: z.literal(1),
  phase: z.enum(['levels', 'receiving']),
  /** The level page to read next; absent: the first. */
  levelPage: z.string().min(1).optional(),
  receivingPage: z.int().min(1),
  /** Level fingerprints by `inventoryId/locationId`. */
  levels: z.record(z.string(), z.string()),
  /** Receiving-order lines by `orderId/inventoryId` still open. */
  receiving: z.record(
    z.string(),
    z.strictObject({ outstanding: z.int().min(0), received: z.int().min(0), expectedAt: z.string() }),
  ),
});
export type ShipBobChangesCursor = z.infer<typeof ShipBobChangesCursorSchema>;

const startCursor: ShipBobChangesCursor = { version: 1, phase: 'levels', receivingPage: 1, levels: {}, receiving: {} };

export interface ChangesContext {
  readonly client: ShipBobClient;
  readonly settings: ShipBobConnectorSettings;
  readonly connection: string;
  readonly mapping: ConnectionMappingV2;
  readonly now: () => Date;
}

export async function pullShipBobChanges(
  request: PollRequestV2<ShipBobChangesCursor>,
  context: ChangesContext,
): Promise<PollPageV2<ShipBobChangesCursor>> {
  const cursor = validCursor(request.cursor, context);
  const limit = Math.max(1, request.limit ?? 500);
  return cursor.phase === 'levels'
    ? await pullLevels(cursor, limit, context)
    : await pullReceiving(cursor, limit, context);
}

function validCursor(cursor: unknown, context: ChangesContext): ShipBobChangesCursor {
  if (cursor === undefined) return startCursor;
  const parsed = ShipBobChangesCursorSchema.safeParse(cursor);
  if (
    parsed.success &&
    (parsed.data.levelPage === undefined || isLevelPageLink(parsed.data.levelPage, context.settings))
  ) {
    return parsed.data;
  }
  throw new ConnectorError({
    code: 'shipbob_invalid_cursor',
    retryable: false,
    connection: context.connection,
    message:
      `the stored changes cursor of connection "${context.connection}" is not a ShipBob cursor of this connector ` +
      `(${parsed.success ? 'its level page is on another endpoint or version' : parsed.error.message}); reset the ` +
      "connection's cursor to poll from the start",
  });
}

/** One level page; only changed levels become absolute snapshot events, at most `limit` of them. */
async function pullLevels(cursor: ShipBobChangesCursor, limit: number, context: ChangesContext) {
  const page = await readLevels(
    context.client,
    cursor.levelPage ?? firstLevelPage(context.settings),
    context.connection,
    { lots: context.settings.lots, lotDate: context.settings.lotDate, now: context.now },
  );
  const observedAt = page.answeredAt ?? context.now().toISOString();
  const events: InventoryEvent[] = [];
  const failures: ItemFailureV2[] = [...page.failures];
  const levels = { ...cursor.levels };
  let full = false;
  for (const entry of page.levels) {
    const fingerprint = levelFingerprint(entry.level, entry.lots?.expiredFulfillable);
    if (levels[entry.key] === fingerprint) continue;
    if (events.length >= limit) {
      full = true;
      break;
    }
    const where = `inventory ${entry.item.inventory_id} at fulfillment center ${entry.level.location_id}`;
    const mapped = captureItemFailure(where, () => levelRecord(entry, context.mapping, observedAt));
    if ('failure' in mapped) {
      // Not remembered: an unmapped level is reported on every poll until the mapping names it.
      failures.push(mapped.failure);
      continue;
    }
    const record = mapped.value;
    events.push({
      kind: 'snapshot',
      idempotencyKey: `shipbob:level:${entry.key}:${fingerprint}:${observedAt}`,
      source: context.connection,
      occurredAt: observedAt,
      sku: record.sku,
      location: record.location,
      quantities: record.quantities,
      raw: record.raw,
    });
    levels[entry.key] = fingerprint;
  }
  // A full page is read again (the changes already sent now match their fingerprints); otherwise move on.
  const next: ShipBobChangesCursor = full
    ? { ...cursor, levels }
    : page.next === undefined
      ? { ...cursor, levels, phase: 'receiving', levelPage: undefined, receivingPage: 1 }
      : { ...cursor, levels, levelPage: page.next };
  return { events, failures, cursor: next, hasMore: true };
}

/** One page of receiving orders; the round ends on the last page (`hasMore: false`). */
async function pullReceiving(cursor: ShipBobChangesCursor, limit: number, context: ChangesContext) {
  const now = context.now();
  const since = new Date(now.getTime() - context.settings.receivingLookbackDays * 86_400_000).toISOString();
  const page = await readReceivingOrders(
    context.client,
    context.settings,
    cursor.receivingPage,
    since,
    context.connection,
  );
  const events: InventoryEvent[] = [];
  const failures: ItemFailureV2[] = [...page.failures];
  const receiving = { ...cursor.receiving };
  let full = false;
  for (const order of page.orders) {
    const changes = receivingOrderChanges(order, receiving, {
      connection: context.connection,
      mapping: context.mapping,
      observedAt: now.toISOString(),
    });
    if (changes.events.length > 0 && events.length > 0 && events.length + changes.events.length > limit) {
      full = true;
      break;
    }
    events.push(...changes.events);
    failures.push(...changes.failures);
    Object.assign(receiving, changes.lines);
  }
  if (full) return { events, failures, cursor: { ...cursor, receiving }, hasMore: true };
  if (page.hasNext)
    return {
      events,
      failures,
      cursor: { ...cursor, receiving, receivingPage: cursor.receivingPage + 1 },
      hasMore: true,
    };
  // Lines with nothing outstanding are forgotten: an order seen again closed gives nothing, and a re-sent receipt
  // carries the same key as before.
  const open = Object.fromEntries(Object.entries(receiving).filter(([, line]) => line.outstanding > 0));
  return { events, failures, cursor: { ...startCursor, levels: cursor.levels, receiving: open }, hasMore: false };
}
