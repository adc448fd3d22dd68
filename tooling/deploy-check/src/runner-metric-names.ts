// The names the runner's /metrics really serves, taken from the runner's own registry rather than a list kept here:
// a dashboard or alert that names a metric the runner renamed must fail. Imported by path because the registry
// is internal to the runner (not part of its package exports); tooling is not a layer of the product.
import { createRunnerMetrics } from '../../../apps/runner/src/observability/runner-metrics.ts';

export async function runnerMetricNames(): Promise<ReadonlySet<string>> {
  const metrics = createRunnerMetrics({ dirtyCounts: async () => [], deadLetterCount: async () => 0 });
  const names = new Set<string>();
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    names.add(metric.name);
    // A histogram or summary is served as its series: _bucket, _sum and _count.
    if (['histogram', 'summary'].includes(String(metric.type))) {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${metric.name}${suffix}`);
    }
  }
  return names;
}

/** Every Stockwire metric a PromQL expression names (`up` and functions are not ours). */
export function stockwireMetricsIn(expression: string): string[] {
  return [...expression.matchAll(/\bstockwire_[a-z0-9_]+/g)].map((match) => match[0]);
}
