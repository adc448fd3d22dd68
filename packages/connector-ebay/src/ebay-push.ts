import {
  type ConnectionMappingV2,
  ConnectorError,
  type PushItemResultV2,
  type PushItemV2,
  type PushRequestV2,
  type PushResultV2,
  TransientError,
} from '@stockwire/connector-spec';
import type { EbayClient } from './ebay-client.ts';
import { type EbayError, ebayItemError, ebayNotFoundErrorIds } from './ebay-errors.ts';
import type { EbayListing, ListingDirectory } from './ebay-offers.ts';
import { readShownItems, type ShownItem, sendQuantities } from './ebay-push-calls.ts';
import { calendarDay, EbayRevisionBudgetError, type RevisionBudget } from './ebay-revision-budget.ts';
import { ebaySkuFor } from './ebay-settings.ts';

/** `bulkUpdatePriceQuantity` and `bulkGetInventoryItem` take up to 25 SKUs a call. */
export const ebayMaxPushBatch = 25;

export interface EbayPushContext {
  readonly client: EbayClient;
  readonly mapping: ConnectionMappingV2;
  readonly connection: string;
  readonly listings: ListingDirectory;
  readonly budget: RevisionBudget;
  readonly timeZone: string;
  readonly now: () => Date;
  /** The location key standing for the undistributed ship-to-home quantity (setting `shipToHomeLocation`). */
  readonly shipToHomeLocation?: string | undefined;
}

interface Named {
  readonly item: PushItemV2;
  readonly sku: string;
  readonly merchantLocationKey: string;
}

/** One SKU's update: its items (one per merchant location) and the distributions it will hold afterwards. */
export interface SkuUpdate {
  readonly sku: string;
  readonly items: Named[];
  readonly distributions: Map<string, number>;
  /** Set when the quantity is the undistributed ship-to-home total (no merchant locations). */
  readonly shipToHome?: number | undefined;
  readonly listing: EbayListing | undefined;
}

/**
 * Quantities through `bulk_update_price_quantity`, quantity only, never the price and never
 * `createOrReplaceInventoryItem` (a full replace). A Stockwire location is a merchant location: its quantity is the
 * SKU's `availabilityDistributions` entry, the ship-to-home total is their sum, and the published offer's
 * `availableQuantity` follows the total. Values eBay already shows are `unchanged` and spend no revision; each SKU
 * changed spends one of its listing's daily revisions, which the budget paces.
 */
export async function pushEbayQuantities(context: EbayPushContext, request: PushRequestV2): Promise<PushResultV2> {
  const results: PushItemResultV2[] = [];
  const fail = (key: string, error: ConnectorError) => results.push({ key, outcome: 'failed', error });
  const named = nameItems(context, request.items, fail);
  if (named.length === 0) return { results, requestsMade: 0 };
  const skus = [...new Set(named.map((entry) => entry.sku))];
  const shown = await readShownItems(context, skus);
  let requestsMade = 1;
  const updates: SkuUpdate[] = [];
  const listings = await context.listings.find(skus.filter((sku) => !(shown.get(sku) instanceof ConnectorError)));
  for (const sku of skus) {
    const items = named.filter((entry) => entry.sku === sku);
    const current = shown.get(sku) as ShownItem | ConnectorError | undefined;
    if (current === undefined || current instanceof ConnectorError) {
      const error =
        current ??
        new TransientError({
          connection: context.connection,
          target: `eBay SKU ${sku}`,
          reason: 'bulkGetInventoryItem named no result for it',
        });
      for (const entry of items) fail(entry.item.key, error);
      continue;
    }
    const shownAt = (key: string) =>
      key === context.shipToHomeLocation ? current.total : current.distributions.get(key);
    const changed = items.filter((entry) => shownAt(entry.merchantLocationKey) !== entry.item.quantity);
    for (const entry of items) {
      if (!changed.includes(entry))
        results.push({ key: entry.item.key, outcome: 'unchanged', remoteQuantity: entry.item.quantity });
    }
    if (changed.length === 0) continue;
    const distributions = new Map(current.distributions);
    const shipToHome = changed.find((entry) => entry.merchantLocationKey === context.shipToHomeLocation);
    for (const entry of changed) {
      if (entry !== shipToHome) distributions.set(entry.merchantLocationKey, entry.item.quantity);
    }
    updates.push({
      sku,
      items: changed,
      distributions,
      listing: listings.get(sku),
      shipToHome: shipToHome?.item.quantity,
    });
  }
  const sending = await withinBudget(context, updates, fail);
  if (sending.length === 0) return { results, requestsMade };
  const answers = await sendQuantities(context, sending);
  requestsMade++;
  const revised: string[] = [];
  for (const update of sending) {
    const answer = answers.filter((candidate) => candidate.sku === update.sku);
    const errors = answer.flatMap((candidate) => candidate.errors ?? []) as EbayError[];
    const status =
      answer.find((candidate) => (candidate.statusCode ?? 200) >= 300)?.statusCode ?? answer[0]?.statusCode;
    const item = `SKU ${update.sku}${update.listing === undefined ? '' : ` (offer ${update.listing.offerId})`}`;
    let error: ConnectorError | undefined;
    if (answer.length === 0) {
      error = new TransientError({
        connection: context.connection,
        target: `eBay ${item}`,
        reason: 'the bulk answer named no result for it',
      });
    } else if (errors.length > 0 || (status ?? 200) >= 300) {
      if (errors.some((entry) => entry.errorId != null && ebayNotFoundErrorIds.has(entry.errorId)))
        await context.listings.forget(update.sku);
      error =
        revisionCapError(context, update, errors) ??
        ebayItemError(errors, status, { connection: context.connection, item });
    }
    for (const entry of update.items) {
      if (error === undefined)
        results.push({ key: entry.item.key, outcome: 'written', remoteQuantity: entry.item.quantity });
      else fail(entry.item.key, error);
    }
    if (error === undefined && update.listing !== undefined) revised.push(update.listing.listingId);
  }
  await context.budget.record(revised);
  return { results, requestsMade };
}

function nameItems(
  context: EbayPushContext,
  items: readonly PushItemV2[],
  fail: (key: string, error: ConnectorError) => void,
) {
  const named: Named[] = [];
  for (const item of items) {
    try {
      const sku = ebaySkuFor(context.mapping, item.sku);
      if (item.location === undefined) throw new Error(`push item ${item.key} names no location`);
      named.push({ item, sku, merchantLocationKey: context.mapping.toExternalLocation(item.location) });
    } catch (error) {
      if (!ConnectorError.isInstance(error)) throw error;
      fail(item.key, error);
    }
  }
  return named;
}

/** Updates of listings whose budget allows a revision now; the others fail retryably, to be coalesced later. */
async function withinBudget(
  context: EbayPushContext,
  updates: readonly SkuUpdate[],
  fail: (key: string, error: ConnectorError) => void,
): Promise<SkuUpdate[]> {
  const total = (update: SkuUpdate) =>
    update.shipToHome ?? [...update.distributions.values()].reduce((sum, value) => sum + value, 0);
  const decisions = await context.budget.decide(
    updates.flatMap((update) =>
      update.listing === undefined ? [] : [{ listingId: update.listing.listingId, quantity: total(update) }],
    ),
  );
  return updates.filter((update) => {
    const decision = update.listing === undefined ? undefined : decisions.get(update.listing.listingId);
    if (decision === undefined || decision.send || update.listing === undefined) return true;
    const error = new EbayRevisionBudgetError({
      connection: context.connection,
      sku: update.sku,
      listingId: update.listing.listingId,
      ...decision,
    });
    for (const entry of update.items) fail(entry.item.key, error);
    return false;
  });
}

/** eBay's own refusal at its revision cap (another tool spent the revisions): retryable on eBay's next day. */
function revisionCapError(context: EbayPushContext, update: SkuUpdate, errors: readonly EbayError[]) {
  if (
    update.listing === undefined ||
    !errors.some((error) => /revision/i.test(`${error.message ?? ''} ${error.longMessage ?? ''}`))
  )
    return undefined;
  return new EbayRevisionBudgetError({
    connection: context.connection,
    sku: update.sku,
    listingId: update.listing.listingId,
    retryAfterMs: calendarDay(context.now(), context.timeZone).msLeft,
    reason: 'eBay refused the revision: the listing reached its daily cap (revised by another tool too?)',
  });
}
