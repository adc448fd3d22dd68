import type { Market } from './market.ts';
import { minimumApiCalls, percentile, scoreTimeline } from './timeline-scores.ts';

export interface SystemReport {
  readonly system: string;
  readonly orders: {
    readonly attempted: number;
    readonly accepted: number;
    readonly unitsSold: number;
    readonly unitsOversold: number;
    readonly ordersCancelled: number;
    readonly unitsRefusedWhileInStock: number;
  };
  /** Unit-seconds where sellable stock existed but a channel showed zero, summed over channels and SKUs. */
  readonly hiddenStockUnitSeconds: number;
  /** Periods where a channel differed from what the system meant it to show. */
  readonly drift: { readonly count: number; readonly maxAgeSeconds: number };
  /** From a change of stock to the channel showing it (the length of each drift period). */
  readonly latencySeconds: { readonly p50: number; readonly p99: number };
  /** Calls made (refused ones included), those refused with 429, and the fewest that could carry what was taken. */
  readonly apiCalls: { readonly made: number; readonly refused: number; readonly minimum: number };
}

/** Rounds to milliseconds so reports compare equal across runs and print cleanly. */
function rounded(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function scoreMarket(system: string, market: Market): SystemReport {
  let hidden = 0;
  const driftDurations: number[] = [];
  for (const timeline of market.timelines.values()) {
    const score = scoreTimeline(timeline, market.scenario.durationSeconds);
    hidden += score.hiddenUnitSeconds;
    driftDurations.push(...score.driftDurations);
  }
  return {
    system,
    orders: { ...market.orders },
    hiddenStockUnitSeconds: rounded(hidden),
    drift: { count: driftDurations.length, maxAgeSeconds: rounded(Math.max(0, ...driftDurations)) },
    latencySeconds: { p50: rounded(percentile(driftDurations, 0.5)), p99: rounded(percentile(driftDurations, 0.99)) },
    apiCalls: {
      made: market.apiCalls,
      refused: market.refusedApiCalls,
      minimum: minimumApiCalls(market.updatesByConnection, market.scenario.batchSizes),
    },
  };
}
