import type { Runner } from '@stockwire/runner';

/** The stages of the event-to-push path, in the order an event meets them, as the runner's histogram labels them. */
export const pushStages = [
  'webhook-answer',
  'queue-wait',
  'ingest',
  'apply',
  'projection',
  'debounce',
  'limiter-wait',
  'vendor-call',
] as const;
export type PushStage = (typeof pushStages)[number];

export interface StageFigures {
  readonly stage: PushStage;
  /**
   * Observations: accepted webhook deliveries (webhook-answer), apply jobs and webhook deliveries (queue-wait), apply
   * and webhook jobs (ingest), engine calls (apply, projection; several small jobs may share
   * one), flushes (debounce), sleeps (limiter-wait), pushes (vendor-call).
   */
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * Reads `stockwire_push_stage_seconds` (the runner's own histogram) for one connection's pushes and the apply jobs
 * that fed them. Percentiles are interpolated inside the histogram's buckets (as Prometheus' histogram_quantile
 * does), so they are as fine as the buckets: 1, 2.5, 5, 10, 25, 50, 100, 250, 500 ms, 1 s, …
 */
export async function readPushStages(runner: Runner): Promise<StageFigures[]> {
  const metric = await runner.metrics.pushStageSeconds.get();
  return pushStages.map((stage) => {
    const buckets = new Map<number, number>();
    let count = 0;
    let sum = 0;
    for (const value of metric.values) {
      if (value.labels.stage !== stage) continue;
      if (value.metricName?.endsWith('_bucket')) {
        // prom-client labels each bucket with its upper bound, `le`, beside the metric's own labels.
        const upper = (value.labels as Record<string, string | number | undefined>).le;
        const le = upper === '+Inf' ? Number.POSITIVE_INFINITY : Number(upper);
        buckets.set(le, (buckets.get(le) ?? 0) + value.value);
      } else if (value.metricName?.endsWith('_count')) count += value.value;
      else if (value.metricName?.endsWith('_sum')) sum += value.value;
    }
    const cumulative = [...buckets].sort(([left], [right]) => left - right);
    return {
      stage,
      count,
      meanMs: count === 0 ? 0 : (sum / count) * 1_000,
      p50Ms: quantile(cumulative, count, 0.5) * 1_000,
      p99Ms: quantile(cumulative, count, 0.99) * 1_000,
    };
  });
}

/** Linear interpolation inside the bucket the rank falls in; the last finite bound when it falls past them all. */
function quantile(cumulative: ReadonlyArray<readonly [number, number]>, count: number, share: number): number {
  if (count === 0) return 0;
  const rank = share * count;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, upTo] of cumulative) {
    if (upTo >= rank) {
      if (!Number.isFinite(bound)) return lowerBound;
      const inBucket = upTo - lowerCount;
      return inBucket === 0 ? bound : lowerBound + ((bound - lowerBound) * (rank - lowerCount)) / inBucket;
    }
    lowerBound = bound;
    lowerCount = upTo;
  }
  return lowerBound;
}
