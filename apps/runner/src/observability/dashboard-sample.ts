import { bucketDifference, histogramQuantile } from './histogram-quantile.ts';
import type { MetricReading, SampledConnection } from './metric-reading.ts';

/** One connection's activity over a sample's interval. */
export interface ConnectionSample {
  /** Connector calls the runner made (each a request the vendor received). */
  readonly callsPerSecond: number;
  /** Calls the vendor refused as too fast. */
  readonly rateLimitedPerSecond: number;
  /**
   * How far this process has drawn down the connection's busiest rated bucket (0 = full, 1 = empty: calls wait),
   * as of the sample's end. Null when the connection declares no rated limit.
   */
  readonly budgetUsed: number | null;
  /** Channel SKUs waiting to be pushed; null for a connection that does not push, or when Redis did not answer. */
  readonly dirty: number | null;
  /** Counts over the interval (not rates), so that a longer window adds them up: see failed-sync-rate.ts. */
  readonly outcomes: SyncOutcomeCounts;
}

/** Connector calls and pushed items over an interval, and how many of them failed. */
export interface SyncOutcomeCounts {
  readonly calls: number;
  /** Calls that ended `failed` or `rate-limited`. */
  readonly failedCalls: number;
  readonly pushedItems: number;
  /** Items the vendor answered `failed`. */
  readonly failedItems: number;
}

/** What the dashboard charts: the runner's activity between two readings, taken every few seconds. */
export interface DashboardSample {
  readonly at: string;
  readonly eventsReceivedPerSecond: number;
  readonly eventsAppliedPerSecond: number;
  /** Event-to-push latency of the pushes made in the interval; null when none was. */
  readonly latencyP50Seconds: number | null;
  readonly latencyP99Seconds: number | null;
  readonly connections: Readonly<Record<string, ConnectionSample>>;
  readonly deadLetters: number | null;
}

export interface GaugeReading {
  readonly dirty: ReadonlyMap<string, number>;
  readonly deadLetters: number | null;
}

const perSecond = (later: number, earlier: number, seconds: number) => Math.max(0, later - earlier) / seconds;
const increase = (later: ReadonlyMap<string, number>, earlier: ReadonlyMap<string, number>, name: string) =>
  Math.max(0, (later.get(name) ?? 0) - (earlier.get(name) ?? 0));

/** The connection's busiest rated bucket, as far as this process drew it down (see LimiterUsage.budgetUsed). */
function budgetUsed(runtime: SampledConnection): number | null {
  return runtime.limiter === undefined ? null : runtime.limiterUsage.budgetUsed();
}

export function sampleBetween(
  earlier: MetricReading,
  later: MetricReading,
  gauges: GaugeReading,
  connections: ReadonlyMap<string, SampledConnection>,
): DashboardSample {
  const seconds = Math.max(later.at - earlier.at, 1) / 1000;
  const latency = bucketDifference(later.latencyBuckets, earlier.latencyBuckets);
  const connectionSamples: Record<string, ConnectionSample> = {};
  for (const runtime of connections.values()) {
    const { name } = runtime;
    connectionSamples[name] = {
      callsPerSecond: perSecond(later.apiCalls.get(name) ?? 0, earlier.apiCalls.get(name) ?? 0, seconds),
      rateLimitedPerSecond: perSecond(later.rateLimited.get(name) ?? 0, earlier.rateLimited.get(name) ?? 0, seconds),
      budgetUsed: budgetUsed(runtime),
      dirty: gauges.dirty.get(name) ?? null,
      outcomes: {
        calls: increase(later.apiCalls, earlier.apiCalls, name),
        failedCalls: increase(later.failedCalls, earlier.failedCalls, name),
        pushedItems: increase(later.pushedItems, earlier.pushedItems, name),
        failedItems: increase(later.failedItems, earlier.failedItems, name),
      },
    };
  }
  return {
    at: new Date(later.at).toISOString(),
    eventsReceivedPerSecond: perSecond(later.eventsReceived, earlier.eventsReceived, seconds),
    eventsAppliedPerSecond: perSecond(later.eventsApplied, earlier.eventsApplied, seconds),
    latencyP50Seconds: histogramQuantile(0.5, latency) ?? null,
    latencyP99Seconds: histogramQuantile(0.99, latency) ?? null,
    connections: connectionSamples,
    deadLetters: gauges.deadLetters,
  };
}
