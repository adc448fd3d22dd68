import { createHash } from 'node:crypto';
import { type Channel, channelPublishLocation, type ListingStatus } from '@stockwire/model';
import type { ComputedChannelQuantity } from './project-skus.ts';

/** One channel SKU to push, recomputed from current state at planning time: a stale value is never resent. */
export interface PlannedPush {
  /** Unique within a plan (`channel sku`): the connector's results name items by it. */
  readonly key: string;
  readonly channel: string;
  readonly sku: string;
  /** Where the connection keeps the channel's quantity (the model's `channelPublishLocation`). */
  readonly location: string | undefined;
  /** In the channel connection's units, never negative. */
  readonly quantity: number;
  readonly status: ListingStatus;
  readonly version: number;
  /**
   * What we believe the remote shows, for compare-and-set: the value last seen on the remote when that is newer
   * than our last push (a stale compare told us), else what we last pushed. In the connection's units.
   */
  readonly expectedRemote?: number | undefined;
  /** When the remote was seen to show `expectedRemote` (or when we pushed it): part of the request's identity. */
  readonly expectedObservedAt?: string | undefined;
  /** The dirty mark this item was planned from; settling acknowledges it only if it was not marked again since. */
  readonly score?: number | undefined;
}

export interface PushPlan {
  readonly connection: string;
  /** Values that differ from what was last pushed: send these. */
  readonly items: readonly PlannedPush[];
  /** Dirty entries whose current value was already pushed (acknowledged by `planPush(connection, limit)`). */
  readonly alreadyPushed: ReadonlyArray<{ channel: string; sku: string }>;
  /**
   * One key for the request, distinct for every distinct request and the same only for a true retry of it: it
   * covers each item's channel, SKU, location, quantity, status, computed version, the expected remote value and
   * the observation that expectation comes from (defect #13.1: a heal after a second remote change to the same
   * level is a new request, and a vendor that deduplicates by key must not take it for the first).
   */
  readonly idempotencyKey: string;
  /**
   * When the plan was made (ISO). Its requests go out after it, so the vendor's stamp of our write is never older:
   * settling keeps it as the push's `sentAtMs`, the time a report must not predate to count as showing the push (a
   * heal's echo is stamped before the push is settled). Not part of the key: a true retry planned later is the
   * same request.
   */
  readonly plannedAt?: string | undefined;
  /** More dirty entries than this plan took: plan again without waiting. */
  readonly moreWaiting: boolean;
  /**
   * Dirty entries left out because an answer held them (a retryable failure with `retryAfterMs`, see
   * `settlePush`): when the first of those holds ends (epoch ms). Absent when nothing is held.
   */
  readonly heldUntilMs?: number | undefined;
}

type Stored<T> = (sku: string, channel: string) => T | undefined;
export interface StoredPush {
  readonly quantity: number;
  readonly status: ListingStatus;
  readonly pushedAt?: string;
}
export interface StoredRemote {
  readonly quantity: number;
  readonly observedAt: string;
}

export function pushIdempotencyKey(connection: string, items: readonly PlannedPush[]): string {
  const values = items
    .map((item) => [
      item.channel,
      item.sku,
      item.location ?? null,
      item.quantity,
      item.status,
      item.version,
      item.expectedRemote ?? null,
      item.expectedObservedAt ?? null,
    ])
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return createHash('sha256')
    .update(JSON.stringify([connection, values]))
    .digest('hex')
    .slice(0, 32);
}

function expectation(pushed: StoredPush | undefined, remote: StoredRemote | undefined) {
  const remoteIsNewer =
    remote !== undefined &&
    (pushed?.pushedAt === undefined || Date.parse(remote.observedAt) > Date.parse(pushed.pushedAt));
  return remoteIsNewer
    ? { expectedRemote: remote.quantity, expectedObservedAt: remote.observedAt }
    : { expectedRemote: pushed?.quantity, expectedObservedAt: pushed?.pushedAt };
}

export function planPushFor(
  channels: ReadonlyMap<string, Channel>,
  wanted: ReadonlyArray<{ channel: string; sku: string; score?: number }>,
  computedBySku: ReadonlyMap<string, readonly ComputedChannelQuantity[]>,
  pushedOf: Stored<StoredPush>,
  remoteOf: Stored<StoredRemote> = () => undefined,
): { push: PlannedPush[]; alreadyPushed: Array<{ channel: string; sku: string }> } {
  const push: PlannedPush[] = [];
  const alreadyPushed: Array<{ channel: string; sku: string }> = [];
  for (const { channel: channelId, sku, score } of wanted) {
    const computed = computedBySku.get(sku)?.find((row) => row.channel === channelId);
    const channel = channels.get(channelId);
    // A channel removed from the configuration, a SKU it no longer lists, or a channel that publishes its own
    // numbers (publish: false) has nothing to push.
    if (computed === undefined || channel === undefined || !channel.publish) {
      alreadyPushed.push({ channel: channelId, sku });
      continue;
    }
    const pushed = pushedOf(sku, channelId);
    if (pushed !== undefined && pushed.quantity === computed.quantity && pushed.status === computed.status) {
      alreadyPushed.push({ channel: channelId, sku });
      continue;
    }
    push.push({
      key: `${channelId} ${sku}`,
      channel: channelId,
      sku,
      location: channelPublishLocation(channel),
      quantity: computed.quantity,
      status: computed.status,
      version: computed.version,
      ...expectation(pushed, remoteOf(sku, channelId)),
      ...(score === undefined ? {} : { score }),
    });
  }
  return { push, alreadyPushed };
}
