import type { ChannelSkuStatus } from '@stockwire/engine';

/**
 * One word for a SKU on a channel, for the grid's colour:
 * - `in-sync`: the newest computed quantity was pushed, and the channel was not seen showing otherwise since;
 * - `pending`: a newer quantity waits to be pushed;
 * - `differs`: the channel was seen, after our push, showing something else (a drift the next reconcile fixes);
 * - `not-computed`: nothing is known about this SKU yet.
 */
export type SyncState = 'in-sync' | 'pending' | 'differs' | 'not-computed';

export function syncStateOf(status: ChannelSkuStatus): SyncState {
  const { computed, pushed, remote } = status;
  if (computed === undefined) return 'not-computed';
  if (pushed === undefined || pushed.version < computed.version) return 'pending';
  if (remote !== undefined && remote.quantity !== pushed.quantity && remote.observedAt >= pushed.pushedAt) {
    return 'differs';
  }
  return 'in-sync';
}
