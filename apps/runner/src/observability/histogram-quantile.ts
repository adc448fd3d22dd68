/** One cumulative bucket of a histogram: how many observations were at most `upperBound`. */
export interface CumulativeBucket {
  readonly upperBound: number;
  readonly count: number;
}

/**
 * Estimates a quantile from cumulative buckets the way Prometheus' `histogram_quantile` does: find the bucket that
 * holds the rank and interpolate linearly inside it. A rank in the open-ended last bucket gets the highest finite
 * bound (the estimate cannot be better). Undefined when there were no observations.
 */
export function histogramQuantile(quantile: number, buckets: readonly CumulativeBucket[]): number | undefined {
  const sorted = [...buckets].sort((left, right) => left.upperBound - right.upperBound);
  const total = sorted.at(-1)?.count ?? 0;
  if (total <= 0) return undefined;
  const rank = quantile * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bucket of sorted) {
    if (bucket.count >= rank && bucket.count > lowerCount) {
      if (!Number.isFinite(bucket.upperBound)) return lowerBound;
      return lowerBound + ((bucket.upperBound - lowerBound) * (rank - lowerCount)) / (bucket.count - lowerCount);
    }
    lowerBound = bucket.upperBound;
    lowerCount = bucket.count;
  }
  return lowerBound;
}

/** The observations made between two readings of the same cumulative buckets. */
export function bucketDifference(
  later: readonly CumulativeBucket[],
  earlier: readonly CumulativeBucket[],
): CumulativeBucket[] {
  const before = new Map(earlier.map((bucket) => [bucket.upperBound, bucket.count]));
  return later.map((bucket) => ({
    upperBound: bucket.upperBound,
    count: bucket.count - (before.get(bucket.upperBound) ?? 0),
  }));
}
