import type {
  ConnectionMappingV2,
  PushItemResultV2,
  PushItemV2,
  PushRequestV2,
  PushResultV2,
} from '@stockwire/connector-spec';
import { ConnectorError, PermanentItemError } from '@stockwire/connector-spec';
import { listingFlagsFor, listingFlagsToChange } from './map-vendure-listing.ts';
import type { VendureClient } from './vendure-client.ts';
import {
  sellable,
  UpdatedVariantsSchema,
  updateStockMutation,
  VariantsSchema,
  type VendureVariantStock,
  variantsBySkuQuery,
} from './vendure-variants.ts';

export interface PushContext {
  readonly client: VendureClient;
  readonly mapping: ConnectionMappingV2;
  readonly connection: string;
  readonly backorderLimit: number;
}

interface PlannedWrite {
  readonly item: PushItemV2;
  readonly variant: VendureVariantStock;
  readonly stockLocationId: string;
  /** Absolute stock on hand to write: what the channel should sell plus what Vendure has allocated to orders. */
  readonly stockOnHand: number;
}

/**
 * Absolute pushes with a compare step Vendure lacks: read the variants' levels, refuse an item whose sellable
 * quantity is not the one the engine expects (stale, with what Vendure shows, so the engine recomputes instead of
 * resending), skip items already showing the value, and write the rest in one `updateProductVariants` call.
 * The read and the write are two calls: an order allocated in between is not seen until the next read (the answer
 * of the write reports the level as it then is, so the engine learns of it at once).
 */
export async function pushVendureStock(request: PushRequestV2, context: PushContext): Promise<PushResultV2> {
  const results = new Map<string, PushItemResultV2>();
  const located = locateItems(request.items, context, results);
  if (located.length === 0) return { results: ordered(request.items, results), requestsMade: 0 };
  const skus = [...new Set(located.map((entry) => entry.externalSku))];
  const read = await context.client.request(
    'VariantsBySku',
    variantsBySkuQuery,
    { skus, take: skus.length * 2 + 1 },
    VariantsSchema,
  );
  let requestsMade = 1;
  const bySku = groupBy(read.productVariants.items, (variant) => variant.sku);
  const writes: PlannedWrite[] = [];
  for (const { item, externalSku, stockLocationId } of located) {
    const variants = bySku.get(externalSku) ?? [];
    const variant = variants[0];
    if (variant === undefined || variants.length > 1) {
      const reason =
        variant === undefined
          ? `no product variant in this channel has SKU "${externalSku}"`
          : `${variants.length} product variants share SKU "${externalSku}"; Stockwire cannot tell which one to set`;
      results.set(
        item.key,
        failure(item, new PermanentItemError({ connection: context.connection, item: item.sku, reason })),
      );
      continue;
    }
    const level = variant.stockLevels.find((entry) => entry.stockLocationId === stockLocationId);
    const current = sellable(level);
    const flags = listingFlagsToChange(variant, listingFlagsFor(item.status, context.backorderLimit));
    // Already showing the value (our earlier write, or a true retry of it): the expectation no longer matters.
    if (current === item.quantity && level !== undefined && Object.keys(flags).length === 0) {
      results.set(item.key, { key: item.key, outcome: 'unchanged', remoteQuantity: current });
      continue;
    }
    if (item.expectedRemote !== undefined && item.expectedRemote !== current && current !== item.quantity) {
      results.set(item.key, { key: item.key, outcome: 'stale', remoteQuantity: current });
      continue;
    }
    writes.push({ item, variant, stockLocationId, stockOnHand: item.quantity + (level?.stockAllocated ?? 0) });
  }
  if (writes.length > 0) {
    await writeLevels(writes, context, results);
    requestsMade++;
  }
  return { results: ordered(request.items, results), requestsMade };
}

async function writeLevels(
  writes: readonly PlannedWrite[],
  context: PushContext,
  results: Map<string, PushItemResultV2>,
) {
  const byVariant = groupBy(writes, (write) => write.variant.id);
  const input = [...byVariant.values()].map((group) => {
    const first = group[0] as PlannedWrite;
    return {
      id: first.variant.id,
      ...listingFlagsToChange(first.variant, listingFlagsFor(first.item.status, context.backorderLimit)),
      stockLevels: group.map((write) => ({ stockLocationId: write.stockLocationId, stockOnHand: write.stockOnHand })),
    };
  });
  const answer = await context.client.request('UpdateStock', updateStockMutation, { input }, UpdatedVariantsSchema);
  const updated = new Map(
    answer.updateProductVariants.flatMap((variant) => (variant === null ? [] : [[variant.id, variant] as const])),
  );
  for (const write of writes) {
    const level = updated
      .get(write.variant.id)
      ?.stockLevels.find((entry) => entry.stockLocationId === write.stockLocationId);
    results.set(
      write.item.key,
      level === undefined
        ? failure(
            write.item,
            new PermanentItemError({
              connection: context.connection,
              item: write.item.sku,
              reason: `Vendure's answer to updateProductVariants has no level at stock location ${write.stockLocationId}`,
            }),
          )
        : { key: write.item.key, outcome: 'written', remoteQuantity: sellable(level) },
    );
  }
}

interface LocatedItem {
  readonly item: PushItemV2;
  readonly externalSku: string;
  readonly stockLocationId: string;
}

/** The connection's names for each item; an item without a mapped location fails alone (UnmappedLocationError). */
function locateItems(items: readonly PushItemV2[], context: PushContext, results: Map<string, PushItemResultV2>) {
  const located: LocatedItem[] = [];
  for (const item of items) {
    try {
      if (item.location === undefined) {
        throw new PermanentItemError({
          connection: context.connection,
          item: item.sku,
          reason: 'Vendure keeps stock per stock location and the item names none; publish this channel per location',
        });
      }
      located.push({
        item,
        externalSku: context.mapping.toExternalSku(item.sku),
        stockLocationId: context.mapping.toExternalLocation(item.location),
      });
    } catch (error) {
      if (!ConnectorError.isInstance(error)) throw error;
      results.set(item.key, failure(item, error));
    }
  }
  return located;
}

function failure(item: PushItemV2, error: ConnectorError): PushItemResultV2 {
  return { key: item.key, outcome: 'failed', error };
}

function ordered(items: readonly PushItemV2[], results: Map<string, PushItemResultV2>): PushItemResultV2[] {
  return items.flatMap((item) => {
    const result = results.get(item.key);
    return result === undefined ? [] : [result];
  });
}

/** `Map.groupBy` (ES2024) without raising the packages' target library. */
function groupBy<Item, Key>(items: readonly Item[], keyOf: (item: Item) => Key): Map<Key, Item[]> {
  const groups = new Map<Key, Item[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}
