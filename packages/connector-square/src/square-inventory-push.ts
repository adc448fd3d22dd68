import { createHash } from 'node:crypto';
import {
  type ConnectionMappingV2,
  type ConnectorError,
  ConnectorError as ConnectorErrorClass,
  PermanentItemError,
  type PushItemResultV2,
  type PushItemV2,
  type PushRequestV2,
  type PushResultV2,
  TransientError,
} from '@stockwire/connector-spec';
import type { Square } from 'square';
import { stockwireReferencePrefix } from './map-square-changes.ts';
import { formatSquareQuantity, parseSquareQuantity, squareSellableState } from './map-square-states.ts';
import { type SquareCatalog, type SquareCatalogReload, unknownSkuError } from './square-catalog.ts';
import type { SquareApi } from './square-client.ts';
import { changeIndexOf, type SquareErrorEntry, SquareRequestRejectedError, squareItemError } from './square-errors.ts';
import { squareMaxChangesPerCall } from './square-rate-limits.ts';

interface Target {
  readonly item: PushItemV2;
  readonly variationId: string;
  readonly locationId: string;
}

export interface SquarePushOptions {
  readonly api: SquareApi;
  readonly catalog: SquareCatalog;
  readonly mapping: ConnectionMappingV2;
  readonly writableLocations: ReadonlySet<string>;
  readonly now: () => Date;
}

/**
 * Absolute counts as PHYSICAL_COUNT changes of IN_STOCK, only into locations the settings name as Stockwire's to
 * write. The current counts are read first: an item Square already shows is `unchanged` and not sent. Changes go
 * out at most 100 a call; when Square refuses a batch it lists each bad change by `field`, so those items fail
 * alone and the rest is sent again as a new request.
 */
export async function pushSquareCounts(request: PushRequestV2, options: SquarePushOptions): Promise<PushResultV2> {
  const { api } = options;
  const before = api.requestsMade;
  const results: PushItemResultV2[] = [];
  const targets: Target[] = [];
  const reload = { done: false };
  for (const item of request.items) {
    const resolved = await resolveTarget(item, options, reload);
    if ('error' in resolved) results.push({ key: item.key, outcome: 'failed', error: resolved.error });
    else targets.push(resolved);
  }
  const current = await readCurrentCounts(targets, api);
  const changed: Target[] = [];
  for (const target of targets) {
    const shown = current.get(positionKey(target.variationId, target.locationId)) ?? 0;
    if (shown === target.item.quantity)
      results.push({ key: target.item.key, outcome: 'unchanged', remoteQuantity: shown });
    else changed.push(target);
  }
  for (let start = 0; start < changed.length; start += squareMaxChangesPerCall) {
    const batch = changed.slice(start, start + squareMaxChangesPerCall);
    results.push(...(await sendBatch(batch, request.idempotencyKey, options)));
  }
  return { results, requestsMade: api.requestsMade - before };
}

async function resolveTarget(
  item: PushItemV2,
  options: SquarePushOptions,
  reload: SquareCatalogReload,
): Promise<Target | { error: ConnectorError }> {
  const connection = options.api.connection;
  let locationId: string;
  let externalSku: string;
  try {
    if (item.location === undefined) {
      return {
        error: new PermanentItemError({ connection, item: item.sku, reason: 'a Square count needs a location' }),
      };
    }
    locationId = options.mapping.toExternalLocation(item.location);
    externalSku = options.mapping.toExternalSku(item.sku);
  } catch (error) {
    // Unmapped names fail this item alone; anything else is a bug and is rethrown.
    if (ConnectorErrorClass.isInstance(error)) return { error };
    throw error;
  }
  if (!options.writableLocations.has(locationId)) {
    return {
      error: new PermanentItemError({
        connection,
        item: `${item.sku} at ${item.location}`,
        reason:
          `Square location ${locationId} is a shelf Square owns (its counter sales are Square's own count); ` +
          'Stockwire writes only into settings.writableLocations. Add the location there only if another system owns that stock',
      }),
    };
  }
  if (!Number.isSafeInteger(item.quantity) || item.quantity < 0) {
    return {
      error: new PermanentItemError({ connection, item: item.sku, reason: `quantity ${item.quantity} is not a count` }),
    };
  }
  // A failing catalog read (rate limited, connection lost) fails the whole call: it is not about this item.
  const variationId = await options.catalog.variationOf(externalSku, reload);
  if (variationId === undefined) return { error: unknownSkuError(connection, item.sku, externalSku) };
  return { item, variationId, locationId };
}

const positionKey = (variationId: string, locationId: string) => `${variationId}@${locationId}`;

async function readCurrentCounts(targets: readonly Target[], api: SquareApi): Promise<Map<string, number>> {
  const shown = new Map<string, number>();
  if (targets.length === 0) return shown;
  let cursor: string | undefined;
  do {
    const answer = await api.call('BatchRetrieveInventoryCounts', async (sdk) => {
      const page = await sdk.inventory.batchGetCounts({
        catalogObjectIds: [...new Set(targets.map((target) => target.variationId))],
        locationIds: [...new Set(targets.map((target) => target.locationId))],
        states: [squareSellableState],
        cursor,
        limit: 1_000,
      });
      return page.response;
    });
    for (const count of answer.counts ?? []) {
      const quantity = parseSquareQuantity(count.quantity);
      if (count.catalogObjectId && count.locationId && quantity !== undefined) {
        shown.set(positionKey(count.catalogObjectId, count.locationId), quantity);
      }
    }
    cursor = answer.cursor ?? undefined;
  } while (cursor !== undefined);
  return shown;
}

/**
 * Square's key must differ for every distinct body (a reused key with another body is IDEMPOTENCY_KEY_REUSED), so
 * it is derived from the caller's key and the exact changes, `occurred_at` included.
 */
export function squareIdempotencyKey(callerKey: string, changes: readonly Square.InventoryChange[]): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([callerKey, changes]))
    .digest('base64url');
  return `stockwire-${digest}`;
}

async function sendBatch(
  batch: readonly Target[],
  callerKey: string,
  options: SquarePushOptions,
): Promise<PushItemResultV2[]> {
  const connection = options.api.connection;
  const reference = `${stockwireReferencePrefix}${createHash('sha256').update(callerKey).digest('hex').slice(0, 32)}`;
  const occurredAt = options.now().toISOString();
  const changeOf = (target: Target): Square.InventoryChange => ({
    type: 'PHYSICAL_COUNT',
    physicalCount: {
      referenceId: reference,
      catalogObjectId: target.variationId,
      state: squareSellableState,
      locationId: target.locationId,
      quantity: formatSquareQuantity(target.item.quantity),
      occurredAt,
    },
  });
  const results: PushItemResultV2[] = [];
  let remaining = [...batch];
  // At most twice: the second attempt leaves out the changes Square named as wrong the first time.
  for (let attempt = 0; attempt < 2 && remaining.length > 0; attempt++) {
    const changes = remaining.map(changeOf);
    try {
      const answer = await options.api.call('BatchChangeInventory', (sdk) =>
        sdk.inventory.batchCreateChanges({
          idempotencyKey: squareIdempotencyKey(callerKey, changes),
          changes,
          ignoreUnchangedCounts: true,
        }),
      );
      const counts = new Map(
        (answer.counts ?? [])
          .filter((count) => count.state === squareSellableState)
          .map((count) => [
            positionKey(count.catalogObjectId ?? '', count.locationId ?? ''),
            parseSquareQuantity(count.quantity),
          ]),
      );
      for (const target of remaining) {
        const remoteQuantity = counts.get(positionKey(target.variationId, target.locationId)) ?? target.item.quantity;
        results.push({ key: target.item.key, outcome: 'written', remoteQuantity });
      }
      return results;
    } catch (error) {
      const entries = refusedEntries(error);
      const named = new Map<number, (typeof entries)[number]>();
      for (const entry of entries) {
        const index = changeIndexOf(entry);
        if (index !== undefined && index < remaining.length && !named.has(index)) named.set(index, entry);
      }
      if (named.size === 0) {
        // Not about particular changes (a 4xx about the request itself): every item of the batch fails with it.
        if (!ConnectorErrorClass.isInstance(error) || error.retryable || entries.length === 0) throw error;
        return [
          ...results,
          ...remaining.map((target) => ({ key: target.item.key, outcome: 'failed' as const, error })),
        ];
      }
      for (const [index, entry] of named) {
        const target = remaining[index] as Target;
        results.push({
          key: target.item.key,
          outcome: 'failed',
          error: squareItemError({ connection, item: `${target.item.sku} at ${target.item.location}`, entry }),
        });
      }
      remaining = remaining.filter((_target, index) => !named.has(index));
    }
  }
  // Refused twice over different changes: what is left was never applied, and may be sent again as it is.
  const unsent = new TransientError({
    connection,
    target: 'POST /v2/inventory/changes/batch-create',
    reason: 'Square refused the batch twice for other items; this item was not sent',
  });
  return [
    ...results,
    ...remaining.map((target) => ({ key: target.item.key, outcome: 'failed' as const, error: unsent })),
  ];
}

/** Square's error list of a refused batch (only from a 400-class refusal, never from a retryable failure). */
function refusedEntries(error: unknown): readonly SquareErrorEntry[] {
  return error instanceof SquareRequestRejectedError ? error.squareErrors : [];
}
