import { createHash } from 'node:crypto';
import {
  type ConnectionMappingV2,
  type ConnectorError,
  MalformedPayloadError,
  PermanentItemError,
  type PushItemResultV2,
  type PushItemV2,
  type PushRequestV2,
  type PushResultV2,
  TransientError,
} from '@stockwire/connector-spec';
import { z } from 'zod';
import type { ShopifyCatalog } from './shopify-catalog.ts';
import { readCurrentAvailable } from './shopify-current-available.ts';
import { setAvailableQuantitiesCost, setAvailableQuantitiesDocument } from './shopify-documents.ts';
import { quantityIndexOf, ShopifyUserErrorSchema, shopifyItemError, staleCompareCode } from './shopify-errors.ts';
import type { ShopifyGraphql } from './shopify-graphql.ts';
import { pushInventoryPolicies } from './shopify-listing-status-push.ts';

const SetQuantitiesAnswerSchema = z.object({
  inventorySetQuantities: z.object({ userErrors: z.array(ShopifyUserErrorSchema) }).nullish(),
});

export interface PushWriterDependencies {
  readonly graphql: ShopifyGraphql;
  readonly catalog: ShopifyCatalog;
  readonly mapping: ConnectionMappingV2;
}

/** One item ready to send: Shopify's ids, the absolute quantity, and the value it must replace. */
interface Pending {
  readonly item: PushItemV2;
  readonly where: string;
  readonly inventoryItemId: string;
  readonly locationId: string;
  changeFromQuantity: number | undefined;
}

/**
 * Writes absolute `available` quantities with compare-and-set. Each item's `changeFromQuantity` is the runner's
 * `expectedRemote`, or what Shopify shows now (one read per location for items without one); values equal to it
 * are reported `unchanged` and not sent. Shopify applies a batch all or nothing, so when some quantities are refused
 * (a stale compare, an item not stocked) the rest is sent once more on its own; stale items are re-read so the
 * runner recomputes from Shopify's current value and never resends the stale one.
 */
export async function pushShopifyQuantities(
  dependencies: PushWriterDependencies,
  request: PushRequestV2,
): Promise<PushResultV2> {
  const { graphql, mapping } = dependencies;
  const connection = mapping.connection;
  const results = new Map<string, PushItemResultV2>();
  const fail = (key: string, error: ConnectorError) => results.set(key, { key, outcome: 'failed', error });
  const catalogRequestsBefore = dependencies.catalog.requestsMade;
  const pending = await mapItems(dependencies, request.items, fail);
  let requestsMade = dependencies.catalog.requestsMade - catalogRequestsBefore;

  const unknown = pending.filter((entry) => entry.changeFromQuantity === undefined);
  if (unknown.length > 0) {
    const current = await readCurrentAvailable(graphql, connection, unknown);
    requestsMade += current.requests;
    for (const entry of unknown) entry.changeFromQuantity = current.available.get(levelKey(entry));
  }
  let toSend: Pending[] = [];
  for (const entry of pending) {
    if (entry.changeFromQuantity === undefined) {
      fail(entry.item.key, notStocked(connection, entry));
    } else if (entry.changeFromQuantity === entry.item.quantity) {
      results.set(entry.item.key, { key: entry.item.key, outcome: 'unchanged', remoteQuantity: entry.item.quantity });
    } else toSend.push(entry);
  }

  const stale: Pending[] = [];
  for (let round = 1; toSend.length > 0; round++) {
    requestsMade++;
    const userErrors = await sendBatch(graphql, connection, toSend, `${request.idempotencyKey}#${round}`);
    if (userErrors.length === 0) {
      for (const { item } of toSend) {
        results.set(item.key, { key: item.key, outcome: 'written', remoteQuantity: item.quantity });
      }
      break;
    }
    const refused = new Set<number>();
    for (const userError of userErrors) {
      const index = quantityIndexOf(userError);
      const entry = index === undefined ? undefined : toSend[index];
      if (index === undefined || entry === undefined) continue;
      refused.add(index);
      if (userError.code === staleCompareCode) stale.push(entry);
      else fail(entry.item.key, shopifyItemError({ connection, item: entry.where, error: userError }));
    }
    const rest = toSend.filter((_, index) => !refused.has(index));
    // An error that names no quantity, or a second refusal: the rest was not applied and is not sent again here.
    if (refused.size === 0 || round === 2) {
      const reason = `Shopify refused the batch: ${userErrors.map((error) => error.message ?? error.code).join('; ')}`;
      for (const entry of rest) fail(entry.item.key, batchError(connection, entry, reason, refused.size === 0));
      break;
    }
    toSend = rest;
  }

  if (stale.length > 0) {
    const current = await readCurrentAvailable(graphql, connection, stale);
    requestsMade += current.requests;
    for (const entry of stale) {
      results.set(entry.item.key, {
        key: entry.item.key,
        outcome: 'stale',
        remoteQuantity: current.available.get(levelKey(entry)),
      });
    }
  }
  // Listing status after the quantities, for items now showing the pushed quantity (written or already so).
  const settled = pending.filter((entry) => {
    const outcome = results.get(entry.item.key)?.outcome;
    return outcome === 'written' || outcome === 'unchanged';
  });
  requestsMade += await pushInventoryPolicies({ graphql, catalog: dependencies.catalog, connection }, settled, results);
  return { results: request.items.flatMap((item) => results.get(item.key) ?? []), requestsMade };
}

async function mapItems(
  dependencies: PushWriterDependencies,
  items: readonly PushItemV2[],
  fail: (key: string, error: ConnectorError) => void,
): Promise<Pending[]> {
  const { catalog, mapping } = dependencies;
  const connection = mapping.connection;
  const pending: Pending[] = [];
  for (const item of items) {
    const where = `${item.channel}/${item.sku}`;
    if (item.location === undefined) {
      fail(
        item.key,
        new PermanentItemError({
          connection,
          item: where,
          reason: 'Shopify keeps quantities per location; give the channel its locations',
        }),
      );
      continue;
    }
    let locationId: string;
    try {
      // A write to an unmapped location is refused, never guessed.
      locationId = mapping.toExternalLocation(item.location);
    } catch (error) {
      fail(item.key, error as ConnectorError);
      continue;
    }
    const sku = mapping.toExternalSku(item.sku);
    const inventoryItemId = await catalog.inventoryItemOf(sku);
    if (inventoryItemId === undefined) {
      const reason = `the store sells no product variant with SKU "${sku}"; add the SKU in Shopify or fix the alias`;
      fail(item.key, new PermanentItemError({ connection, item: where, reason }));
      continue;
    }
    pending.push({ item, where, inventoryItemId, locationId, changeFromQuantity: item.expectedRemote });
  }
  return pending;
}

async function sendBatch(graphql: ShopifyGraphql, connection: string, batch: readonly Pending[], key: string) {
  const data = await graphql.request({
    operation: 'SetAvailableQuantities',
    document: setAvailableQuantitiesDocument,
    variables: {
      // Shopify's idempotency keys are short opaque strings; the runner's key can be long, so send its digest.
      idempotencyKey: createHash('sha256').update(key).digest('hex'),
      input: {
        name: 'available',
        reason: 'correction',
        referenceDocumentUri: `stockwire://connection/${encodeURIComponent(connection)}/push`,
        quantities: batch.map((entry) => ({
          inventoryItemId: entry.inventoryItemId,
          locationId: entry.locationId,
          quantity: entry.item.quantity,
          changeFromQuantity: entry.changeFromQuantity,
        })),
      },
    },
    estimatedCost: setAvailableQuantitiesCost,
  });
  const parsed = SetQuantitiesAnswerSchema.safeParse(data);
  if (!parsed.success) {
    throw MalformedPayloadError.fromZodError('the SetAvailableQuantities answer', parsed.error, {
      connection,
      vendorBody: data,
    });
  }
  return parsed.data.inventorySetQuantities?.userErrors ?? [];
}

export function levelKey(entry: { readonly inventoryItemId: string; readonly locationId: string }): string {
  return `${entry.inventoryItemId}@${entry.locationId}`;
}

function notStocked(connection: string, entry: Pending): PermanentItemError {
  const reason = `the item is not stocked at location ${entry.locationId} in Shopify; activate it there first`;
  return new PermanentItemError({ connection, item: entry.where, reason });
}

function batchError(connection: string, entry: Pending, reason: string, permanent: boolean): ConnectorError {
  if (permanent) return new PermanentItemError({ connection, item: entry.where, reason });
  return new TransientError({ connection, target: `item ${entry.where}`, reason });
}
