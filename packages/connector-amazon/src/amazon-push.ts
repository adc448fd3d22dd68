import {
  captureItemFailure,
  type PushItemResultV2,
  type PushItemV2,
  type PushRequestV2,
  type PushResultV2,
  UnmappedLocationError,
} from '@stockwire/connector-spec';
import type { FeedLedgerFeed } from './amazon-feed-ledger.ts';
import { feedEntryResult, inProgress, pollFeed, submitQuantityFeed } from './amazon-feeds-push.ts';
import { patchMerchantQuantities, readMerchantQuantities } from './amazon-listings-push.ts';
import type { AmazonPushContext, AmazonPushEntry } from './amazon-push-context.ts';
import { amazonMaxFeedMessages } from './amazon-rate-limits.ts';
import { merchantAvailability, quantityProvesAvailability } from './map-amazon-listing-status.ts';

/**
 * Pushes FBM quantities, marketplace by marketplace:
 * 1. a SKU whose last quantity sits in a feed we have not reported yet is settled first: the feed is polled once;
 *    still in flight, the item fails with the retryable AmazonFeedInProgressError and nothing is sent; done, the
 *    report's result for the SKU is the item's result (or, for a new value, the SKU is free to go out again);
 * 2. values the runner already knows Amazon shows (`expectedRemote`) are `unchanged` and never sent;
 * 3. more changes than `feedThreshold`: one JSON_LISTINGS_FEED per 25,000; otherwise the current values are read
 *    (searchListingsItems) and only those that differ are patched.
 * Amazon names repeated unchanged updates as the main cause of its feed backlogs, hence steps 2 and 3.
 */
export async function pushAmazonQuantities(context: AmazonPushContext, request: PushRequestV2): Promise<PushResultV2> {
  const calls = countCalls(context);
  const results: PushItemResultV2[] = [];
  const entries: AmazonPushEntry[] = [];
  for (const item of request.items) {
    const translated = captureItemFailure(`push ${item.key}`, () => translate(context, item));
    if ('failure' in translated) results.push({ key: item.key, outcome: 'failed', error: translated.failure.error });
    else entries.push(translated.value);
  }

  const free: AmazonPushEntry[] = [];
  const polled = new Map<string, FeedLedgerFeed | string>();
  // A feed carries up to 25,000 messages: each is read and indexed once per call, not once per SKU.
  const feeds = new Map<string, { feed: FeedLedgerFeed; sentBySku: Map<string, number> } | undefined>();
  const loadFeed = async (feedId: string) => {
    if (!feeds.has(feedId)) {
      const feed = await context.ledger.feed(feedId);
      feeds.set(
        feedId,
        feed === undefined
          ? undefined
          : { feed, sentBySku: new Map(feed.messages.map((message) => [message.sku, message.quantity])) },
      );
    }
    return feeds.get(feedId);
  };
  for (const entry of entries) {
    const feedId = await context.ledger.feedIdOf(entry.marketplaceId, entry.sku);
    const loaded = feedId === undefined ? undefined : await loadFeed(feedId);
    if (loaded === undefined) {
      free.push(entry);
      continue;
    }
    const { feed } = loaded;
    const state = polled.get(feed.feedId) ?? (await pollFeed(calls, feed));
    polled.set(feed.feedId, state);
    if (typeof state === 'string') {
      results.push(inProgress(context, entry, feed.feedId, state));
      continue;
    }
    const sent = { quantity: loaded.sentBySku.get(entry.sku) };
    await context.ledger.release(entry.marketplaceId, entry.sku);
    if (sent?.quantity === entry.quantity) results.push(feedEntryResult(context, entry, state));
    else free.push(entry);
  }

  for (const [marketplaceId, group] of byMarketplace(free)) {
    const changed: AmazonPushEntry[] = [];
    for (const entry of group) {
      if (quantityProvesAvailability(entry) && entry.expectedRemote === entry.quantity) {
        results.push({ key: entry.key, outcome: 'unchanged', remoteQuantity: entry.quantity });
      } else changed.push(entry);
    }
    if (changed.length > context.settings.feedThreshold) {
      for (let start = 0; start < changed.length; start += amazonMaxFeedMessages) {
        results.push(
          ...(await submitQuantityFeed(calls, marketplaceId, changed.slice(start, start + amazonMaxFeedMessages))),
        );
      }
      continue;
    }
    if (changed.length === 0) continue;
    const current = await readMerchantQuantities(
      calls,
      marketplaceId,
      changed.map((entry) => entry.sku),
    );
    const toPatch: AmazonPushEntry[] = [];
    for (const entry of changed) {
      if (quantityProvesAvailability(entry) && current.get(entry.sku) === entry.quantity) {
        results.push({ key: entry.key, outcome: 'unchanged', remoteQuantity: entry.quantity });
      } else toPatch.push(entry);
    }
    results.push(...(await patchMerchantQuantities(calls, toPatch)));
  }
  return { results, requestsMade: calls.count };
}

function translate(context: AmazonPushContext, item: PushItemV2): AmazonPushEntry {
  const { mapping } = context;
  if (item.location === undefined) {
    throw new UnmappedLocationError({ connection: context.connection, externalLocation: '(no location)' });
  }
  const marketplaceId = mapping.toExternalLocation(item.location);
  if (!context.settings.marketplaceIds.includes(marketplaceId)) {
    throw new UnmappedLocationError({ connection: context.connection, externalLocation: marketplaceId });
  }
  return {
    key: item.key,
    sku: mapping.toExternalSku(item.sku),
    marketplaceId,
    ...merchantAvailability(item.quantity, item.status, context.settings),
    expectedRemote: item.expectedRemote,
  };
}

function byMarketplace(entries: readonly AmazonPushEntry[]): Map<string, AmazonPushEntry[]> {
  const groups = new Map<string, AmazonPushEntry[]>();
  for (const entry of entries) {
    const group = groups.get(entry.marketplaceId);
    if (group === undefined) groups.set(entry.marketplaceId, [entry]);
    else group.push(entry);
  }
  return groups;
}

/** The same context with a client that counts its calls, for `requestsMade`. */
function countCalls(context: AmazonPushContext): AmazonPushContext & { readonly count: number } {
  let count = 0;
  const client = context.client;
  return {
    ...context,
    client: {
      call: (call) => {
        count++;
        return client.call(call);
      },
      uploadDocument: (...parameters) => {
        count++;
        return client.uploadDocument(...parameters);
      },
      downloadDocument: (...parameters) => {
        count++;
        return client.downloadDocument(...parameters);
      },
      close: () => client.close(),
    },
    get count() {
      return count;
    },
  };
}
