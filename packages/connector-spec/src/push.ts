import type { ListingStatus } from '@stockwire/model';
import type { ConnectorError } from './errors/connector-error.ts';

/**
 * One channel quantity to write: absolute, already computed by the model's channel rules and converted to the
 * connection's units. `expectedRemote` is what we believe the remote shows now; a connector with compare-and-set
 * sends it so the remote refuses the write if someone else changed the value meanwhile.
 */
export interface PushItemV2 {
  /** Unique per item within a call; results refer to it. */
  readonly key: string;
  readonly channel: string;
  readonly sku: string;
  /** The canonical location the remote keeps the quantity at, for connectors that publish per location. */
  readonly location?: string | undefined;
  readonly quantity: number;
  readonly status: ListingStatus;
  readonly expectedRemote?: number | undefined;
}

export interface PushRequestV2 {
  readonly items: readonly PushItemV2[];
  /** Stable for the same set of values, so a retried call is recognised by vendors that support it. */
  readonly idempotencyKey: string;
}

/**
 * - `written`: the remote now shows the quantity.
 * - `unchanged`: the remote already showed it; nothing was sent for this item.
 * - `stale`: compare-and-set refused it; the runner recomputes from current state and pushes the new value,
 *   never the stale one.
 * - `failed`: this item only; see the error (its `retryable` says whether to try again).
 */
export type PushItemResultV2 =
  | { readonly key: string; readonly outcome: 'written' | 'unchanged'; readonly remoteQuantity: number }
  | { readonly key: string; readonly outcome: 'stale'; readonly remoteQuantity?: number | undefined }
  | { readonly key: string; readonly outcome: 'failed'; readonly error: ConnectorError };

export interface PushResultV2 {
  readonly results: readonly PushItemResultV2[];
  /** Calls made to the vendor, for efficiency accounting. */
  readonly requestsMade: number;
}
