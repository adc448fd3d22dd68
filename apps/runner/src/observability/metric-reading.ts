import type { Counter, Histogram } from 'prom-client';
import type { CumulativeBucket } from './histogram-quantile.ts';
import type { LimiterUsage } from './limiter-usage.ts';
import type { RunnerMetrics } from './runner-metrics.ts';

/** A connection as the samples see it (the runtime's ConnectionRuntime has all of it). */
export interface SampledConnection {
  readonly name: string;
  readonly connector: { readonly push?: unknown };
  readonly limiter: unknown;
  readonly limiterUsage: LimiterUsage;
}

/** The runner's cumulative counters at one moment; two readings make one dashboard sample. */
export interface MetricReading {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly eventsReceived: number;
  readonly eventsApplied: number;
  /** Event-to-push observations of every connection together. */
  readonly latencyBuckets: readonly CumulativeBucket[];
  readonly apiCalls: ReadonlyMap<string, number>;
  readonly rateLimited: ReadonlyMap<string, number>;
  /** Calls that ended `failed` or `rate-limited` (stockwire_api_calls_total's outcome label). */
  readonly failedCalls: ReadonlyMap<string, number>;
  readonly pushedItems: ReadonlyMap<string, number>;
  /** Pushed items the vendor answered `failed`. */
  readonly failedItems: ReadonlyMap<string, number>;
  /** Units granted by each connection's limiter, per bucket. */
  readonly limiterGranted: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** A counter's value summed over its labels. */
export async function total(counter: Counter<string>): Promise<number> {
  return (await counter.get()).values.reduce((sum, { value }) => sum + value, 0);
}

/** A counter's value per connection, summed over its other labels (only those `where` keeps, when given). */
export async function totalPerConnection(
  counter: Counter<string>,
  where?: (labels: Partial<Record<string, string | number>>) => boolean,
): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (const { value, labels } of (await counter.get()).values) {
    if (where !== undefined && !where(labels)) continue;
    const connection = String(labels.connection ?? '');
    totals.set(connection, (totals.get(connection) ?? 0) + value);
  }
  return totals;
}

async function bucketsOf(histogram: Histogram<string>): Promise<CumulativeBucket[]> {
  const counts = new Map<number, number>();
  for (const { value, labels, metricName } of (await histogram.get()).values) {
    if (!metricName?.endsWith('_bucket')) continue;
    const upperBound = labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(labels.le);
    counts.set(upperBound, (counts.get(upperBound) ?? 0) + value);
  }
  return [...counts].map(([upperBound, count]) => ({ upperBound, count }));
}

export async function readMetrics(
  metrics: RunnerMetrics,
  connections: ReadonlyMap<string, SampledConnection>,
  now: number,
): Promise<MetricReading> {
  return {
    at: now,
    eventsReceived: await total(metrics.eventsReceived),
    eventsApplied: await total(metrics.eventsApplied),
    latencyBuckets: await bucketsOf(metrics.eventToPushSeconds),
    apiCalls: await totalPerConnection(metrics.apiCalls),
    rateLimited: await totalPerConnection(metrics.rateLimited),
    failedCalls: await totalPerConnection(
      metrics.apiCalls,
      (labels) => labels.outcome === 'failed' || labels.outcome === 'rate-limited',
    ),
    pushedItems: await totalPerConnection(metrics.pushedItems),
    failedItems: await totalPerConnection(metrics.pushedItems, (labels) => labels.outcome === 'failed'),
    // Copied: the usage maps keep counting after this reading.
    limiterGranted: new Map(
      [...connections.values()].map(({ name, limiterUsage }) => [name, new Map(limiterUsage.granted())]),
    ),
  };
}
