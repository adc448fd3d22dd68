import type { InventoryEvent, OrderRecordInput, QuantityState } from '@stockwire/model';
import type { ItemFailureV2 } from './item-failure.ts';

/**
 * What a remote system says it holds for one SKU at one location, translated to canonical names and units.
 * `available` is what the remote shows as sellable (for a channel: the number we published, or drifted from).
 * The engine decides what a record means: an authority's record becomes a snapshot event; a follower's is
 * compared with what we pushed.
 */
export interface RemoteInventoryRecordV2 {
  readonly sku: string;
  readonly location: string;
  readonly quantities: Partial<Record<QuantityState | 'available', number>>;
  readonly observedAt: string;
  /** The vendor's own value, kept beside the canonical one for audits. */
  readonly raw?: unknown;
}

export interface SnapshotRequestV2 {
  /** Resume a paged snapshot; absent for the first page. */
  readonly cursor?: string | undefined;
}

export interface SnapshotPageV2 {
  readonly records: readonly RemoteInventoryRecordV2[];
  readonly failures: readonly ItemFailureV2[];
  /** The cursor of the next page, absent on the last page. */
  readonly nextCursor?: string | undefined;
}

export interface PollRequestV2<Cursor> {
  /** Where the last successful poll stopped; absent the first time. */
  readonly cursor?: Cursor | undefined;
  /** Upper bound on events returned; the connector may return fewer. */
  readonly limit?: number | undefined;
}

export interface PollPageV2<Cursor> {
  readonly events: readonly InventoryEvent[];
  /** Orders without a known shipping location, for the engine to route (see ParsedWebhookV2.orders). */
  readonly orders?: readonly OrderRecordInput[] | undefined;
  readonly failures: readonly ItemFailureV2[];
  /** Store this only after the events are safely enqueued: a crash before that re-reads them (at least once). */
  readonly cursor: Cursor;
  /** More changes are ready now; poll again without waiting. */
  readonly hasMore: boolean;
}
