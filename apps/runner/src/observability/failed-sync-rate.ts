import type { DashboardSample, SyncOutcomeCounts } from './dashboard-sample.ts';

/** Of a connection's calls and pushed items over a window, the share that failed (null when there were none). */
export interface FailedSyncRate extends SyncOutcomeCounts {
  /** failedCalls ÷ calls. */
  readonly callRate: number | null;
  /** failedItems ÷ pushedItems. */
  readonly itemRate: number | null;
}

const share = (failed: number, all: number) => (all === 0 ? null : Math.min(1, failed / all));

/**
 * The failed-sync rate per connection over the samples given (the dashboard's window: this process, the last
 * 30 minutes). Calls and items are kept apart: one push call carries up to a batch of items, and a call that failed
 * as a whole has no item outcomes at all.
 */
export function failedSyncRates(
  samples: readonly DashboardSample[],
  connections: Iterable<string>,
): Record<string, FailedSyncRate> {
  const rates: Record<string, FailedSyncRate> = {};
  for (const connection of connections) {
    const sum = { calls: 0, failedCalls: 0, pushedItems: 0, failedItems: 0 };
    for (const sample of samples) {
      const outcomes = sample.connections[connection]?.outcomes;
      if (outcomes === undefined) continue;
      sum.calls += outcomes.calls;
      sum.failedCalls += outcomes.failedCalls;
      sum.pushedItems += outcomes.pushedItems;
      sum.failedItems += outcomes.failedItems;
    }
    rates[connection] = {
      ...sum,
      callRate: share(sum.failedCalls, sum.calls),
      itemRate: share(sum.failedItems, sum.pushedItems),
    };
  }
  return rates;
}
