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
 * in flight from being patched behind it, across calls and restarts: give every connector instance of a
 * connection the same ledger (the runner keeps one per connection in its store; the in-memory one below serves
 * a single process and tests). Plain data, so a store can keep it as JSON.
 */
export interface AmazonFeedLedger {
  /** The feed the SKU's last submitted quantity in this marketplace sits in, if it has not been reported yet. */
  feedOf(marketplaceId: string, sku: string): Promise<FeedLedgerFeed | undefined>;
  record(feed: FeedLedgerFeed): Promise<void>;
  update(feed: FeedLedgerFeed): Promise<void>;
  /** The SKU's result was reported (or it is being pushed anew): forget it; a feed with no SKU left goes. */
  release(marketplaceId: string, sku: string): Promise<void>;
}

export function createMemoryFeedLedger(): AmazonFeedLedger {
  const feeds = new Map<string, FeedLedgerFeed>();
  const bySku = new Map<string, string>();
  const key = (marketplaceId: string, sku: string) => `${marketplaceId}\u0000${sku}`;
  return {
    async feedOf(marketplaceId, sku) {
      const feedId = bySku.get(key(marketplaceId, sku));
      return feedId === undefined ? undefined : feeds.get(feedId);
    },
    async record(feed) {
      feeds.set(feed.feedId, feed);
      for (const message of feed.messages) bySku.set(key(feed.marketplaceId, message.sku), feed.feedId);
    },
    async update(feed) {
      feeds.set(feed.feedId, feed);
    },
    async release(marketplaceId, sku) {
      const feedId = bySku.get(key(marketplaceId, sku));
      bySku.delete(key(marketplaceId, sku));
      if (feedId === undefined) return;
      if (![...bySku.values()].includes(feedId)) feeds.delete(feedId);
    },
  };
}
