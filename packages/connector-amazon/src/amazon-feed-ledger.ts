import { createMemoryConnectorState } from '@stockwire/connector-kit';
import type { ConnectorStateStoreV2 } from '@stockwire/connector-spec';

/** One SKU's quantity inside a submitted feed. */
export interface FeedLedgerMessage {
  readonly messageId: number;
  readonly sku: string;
  readonly quantity: number;
}

/** What Amazon's processing report said about one message, once the feed is done. */
export interface FeedLedgerOutcome {
  readonly accepted: boolean;
  readonly issues: readonly { readonly code: string; readonly message: string }[];
}

export interface FeedLedgerFeed {
  readonly feedId: string;
  readonly marketplaceId: string;
  readonly messages: readonly FeedLedgerMessage[];
  /** Filled from the processing report; a SKU's entry is dropped once its result was reported. */
  outcomes?: Record<string, FeedLedgerOutcome>;
  /** Set when Amazon gave up on the feed (FATAL, CANCELLED). */
  abandoned?: string;
}

/**
 * The feeds this connection has submitted and not yet reported, by SKU. It is what keeps a SKU in a feed still
 * in flight from being patched behind it, across calls, restarts and processes: it lives in the connection's
 * durable state, which the runner shares between every instance of the connection (in Redis).
 */
export interface AmazonFeedLedger {
  /** The feed the SKU's last submitted quantity in this marketplace sits in, if it has not been reported yet. */
  feedIdOf(marketplaceId: string, sku: string): Promise<string | undefined>;
  feed(feedId: string): Promise<FeedLedgerFeed | undefined>;
  record(feed: FeedLedgerFeed): Promise<void>;
  update(feed: FeedLedgerFeed): Promise<void>;
  /** The SKU's result was reported (or it is being pushed anew): forget it; a feed with no SKU left goes. */
  release(marketplaceId: string, sku: string): Promise<void>;
}

const feedKey = (feedId: string) => `feed:${feedId}`;
const openCountKey = (feedId: string) => `feed-open:${feedId}`;
const skuKey = (marketplaceId: string, sku: string) => `feed-of:${marketplaceId}:${sku}`;

/**
 * A ledger kept in a connection's state store. Only one push of a connection runs at a time (the runner's flush is
 * one job per connection), so the read-then-write of the open count needs no lock.
 */
export function createStoredFeedLedger(state: ConnectorStateStoreV2): AmazonFeedLedger {
  return {
    feedIdOf: (marketplaceId, sku) => state.get<string>(skuKey(marketplaceId, sku)),
    feed: (feedId) => state.get<FeedLedgerFeed>(feedKey(feedId)),
    async record(feed) {
      await state.setMany([
        [feedKey(feed.feedId), feed],
        [openCountKey(feed.feedId), feed.messages.length],
        ...feed.messages.map((message) => [skuKey(feed.marketplaceId, message.sku), feed.feedId] as const),
      ]);
    },
    async update(feed) {
      await state.set(feedKey(feed.feedId), feed);
    },
    async release(marketplaceId, sku) {
      const feedId = await state.get<string>(skuKey(marketplaceId, sku));
      if (feedId === undefined) return;
      await state.delete(skuKey(marketplaceId, sku));
      const open = ((await state.get<number>(openCountKey(feedId))) ?? 1) - 1;
      if (open <= 0) await state.delete(feedKey(feedId), openCountKey(feedId));
      else await state.set(openCountKey(feedId), open);
    },
  };
}

/** A ledger for one process (tests, scripts): the same ledger over an in-memory store. */
export function createMemoryFeedLedger(): AmazonFeedLedger {
  return createStoredFeedLedger(createMemoryConnectorState());
}
