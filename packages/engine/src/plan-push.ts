import type { Channel, ListingStatus } from '@stockwire/model';
import type { ComputedChannelQuantity } from './project-skus.ts';

/** One channel SKU to push, recomputed from current state at planning time: a stale value is never resent. */
export interface PlannedPush {
  readonly channel: string;
  readonly sku: string;
  /** In the channel connection's units, never negative. */
  readonly quantity: number;
  readonly status: ListingStatus;
  readonly version: number;
  /**
   * What we believe the remote shows, for compare-and-set: the value last seen on the remote when that is newer
   * than our last push (a stale compare told us), else what we last pushed.
   */
  readonly expectedRemote?: number | undefined;
}

export interface PushPlan {
  /** Values that differ from what was last pushed. */
  readonly push: readonly PlannedPush[];
  /** Dirty entries whose current value was already pushed: acknowledge them without a call. */
  readonly alreadyPushed: ReadonlyArray<{ channel: string; sku: string }>;
}

export function planPushFor(
  channels: ReadonlyMap<string, Channel>,
  wanted: ReadonlyArray<{ channel: string; sku: string }>,
  computedBySku: ReadonlyMap<string, readonly ComputedChannelQuantity[]>,
  pushedOf: (
    sku: string,
    channel: string,
  ) => { quantity: number; status: ListingStatus; pushedAt?: string } | undefined,
  remoteOf: (sku: string, channel: string) => { quantity: number; observedAt: string } | undefined = () => undefined,
): PushPlan {
  const push: PlannedPush[] = [];
  const alreadyPushed: Array<{ channel: string; sku: string }> = [];
  for (const { channel, sku } of wanted) {
    const computed = computedBySku.get(sku)?.find((row) => row.channel === channel);
    // A channel removed from the configuration, or a SKU it no longer lists, has nothing left to push.
    if (computed === undefined || !channels.has(channel)) {
      alreadyPushed.push({ channel, sku });
      continue;
    }
    const pushed = pushedOf(sku, channel);
    if (pushed !== undefined && pushed.quantity === computed.quantity && pushed.status === computed.status) {
      alreadyPushed.push({ channel, sku });
      continue;
    }
    const remote = remoteOf(sku, channel);
    const remoteIsNewer =
      remote !== undefined &&
      (pushed?.pushedAt === undefined || Date.parse(remote.observedAt) > Date.parse(pushed.pushedAt));
    push.push({
      channel,
      sku,
      quantity: computed.quantity,
      status: computed.status,
      version: computed.version,
      expectedRemote: remoteIsNewer ? remote.quantity : pushed?.quantity,
    });
  }
  return { push, alreadyPushed };
}
