import type { ListingStatus } from '@stockwire/model';
import type { PushRequestV2, PushResultV2 } from './push.ts';
import type { PollPageV2, PollRequestV2, SnapshotPageV2, SnapshotRequestV2 } from './remote-inventory.ts';
import type { SchemaV2 } from './schema.ts';
import type { ParsedWebhookV2, RawWebhookV2 } from './webhooks.ts';

/**
 * Each capability is one object holding its limits and its method(s), so a declaration can never disagree with
 * the methods present: an absent object means "not supported".
 */

/** Read the remote's whole inventory: page by page, or as one bulk export (e.g. Shopify bulk operations). */
export interface SnapshotCapabilityV2 {
  readonly mode: 'paged' | 'bulk';
  read(request: SnapshotRequestV2): Promise<SnapshotPageV2>;
}

/** Write channel quantities. */
export interface PushCapabilityV2 {
  /** The most items one call may carry; the runner never sends more. */
  readonly maxBatchSize: number;
  /** Always true: quantities are absolute, never deltas, so a repeated push cannot move stock twice. */
  readonly absolute: true;
  /** The remote can refuse a write when its current value is not what we expected (compare-and-set). */
  readonly compareAndSet: boolean;
  /** Listing statuses this vendor can express (others are pushed as their quantity only). */
  readonly listingStatuses: readonly ListingStatus[];
  /**
   * For a vendor whose bulk write costs one call whatever it carries and whose calls are few (Amazon's feeds: up to
   * 25,000 messages, a few feeds an hour): once `fromItems` changes or more are waiting, the runner lets the batch
   * fill for up to `windowMs` after the flush was offered, and pushes at once when `maxBatchSize` are waiting.
   * Fewer than `fromItems` go without this wait (the vendor's per-item path). Absent: no fill window.
   */
  readonly fill?: PushFillV2 | undefined;
  push(request: PushRequestV2): Promise<PushResultV2>;
}

/** How a push batch may fill before it goes (see `PushCapabilityV2.fill`). */
export interface PushFillV2 {
  readonly fromItems: number;
  readonly windowMs: number;
}

/** Pull changes (or orders) since a cursor; the cursor schema validates a stored cursor before it is resumed. */
export interface PollCapabilityV2<Cursor> {
  readonly suggestedIntervalSeconds: number;
  /** Validates a stored cursor, so a crashed poll resumes where it left off (or fails loudly, never silently). */
  readonly cursorSchema: SchemaV2<Cursor>;
  pull(request: PollRequestV2<Cursor>): Promise<PollPageV2<Cursor>>;
}
export type ChangesCapabilityV2<Cursor = unknown> = PollCapabilityV2<Cursor>;
export type OrdersCapabilityV2<Cursor = unknown> = PollCapabilityV2<Cursor>;

/**
 * The JSON body the runner answers an accepted delivery with (status 200), for a vendor that checks it. Data only;
 * without one the runner answers `{"accepted":true}`.
 */
export interface WebhookAnswerV2 {
  readonly body: Readonly<Record<string, string | number | boolean | null>>;
}

/** Receive webhooks: verify the raw body, then parse it. */
export interface WebhooksCapabilityV2 {
  readonly topics: readonly string[];
  /** What an accepted delivery is answered with, when the vendor expects a particular body (ShipHero does). */
  readonly answer?: WebhookAnswerV2 | undefined;
  /** Throws WebhookSignatureError when the signature does not match the raw body. */
  verify(webhook: RawWebhookV2): Promise<void>;
  /**
   * Call only after `verify`; throws MalformedPayloadError for a body it cannot read. Repeatable: the same
   * delivery parsed again gives the same result, so a parser never drops a delivery it has seen — redeliveries
   * are the runner's to drop, by `deliveryId`.
   */
  parse(webhook: RawWebhookV2): Promise<ParsedWebhookV2>;
}

export const capabilityNames = ['snapshot', 'push', 'changes', 'webhooks', 'orders'] as const;
export type CapabilityName = (typeof capabilityNames)[number];
