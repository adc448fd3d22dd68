import { describe, expect, it } from 'vitest';
import { bucketDifference, histogramQuantile } from './histogram-quantile.ts';

const buckets = (...pairs: Array<[number, number]>) => pairs.map(([upperBound, count]) => ({ upperBound, count }));

describe('histogramQuantile', () => {
  it('interpolates inside the bucket that holds the rank, as Prometheus does', () => {
    // 10 observations: 4 at most 0.1 s, 8 at most 0.5 s, all 10 at most 1 s.
    const observed = buckets([0.1, 4], [0.5, 8], [1, 10], [Number.POSITIVE_INFINITY, 10]);
    expect(histogramQuantile(0.5, observed)).toBeCloseTo(0.1 + 0.4 * (1 / 4));
    expect(histogramQuantile(0.99, observed)).toBeCloseTo(0.5 + 0.5 * (1.9 / 2));
    expect(histogramQuantile(0.2, observed)).toBeCloseTo(0.05);
  });

  it('gives the highest finite bound for a rank in the open-ended bucket, and nothing without observations', () => {
    expect(histogramQuantile(0.99, buckets([1, 1], [5, 1], [Number.POSITIVE_INFINITY, 10]))).toBe(5);
    expect(histogramQuantile(0.5, buckets([1, 0], [Number.POSITIVE_INFINITY, 0]))).toBeUndefined();
  });

  it('takes the observations made between two readings', () => {
    const earlier = buckets([1, 3], [Number.POSITIVE_INFINITY, 5]);
    const later = buckets([1, 4], [Number.POSITIVE_INFINITY, 9]);
    expect(bucketDifference(later, earlier)).toEqual(buckets([1, 1], [Number.POSITIVE_INFINITY, 4]));
    expect(histogramQuantile(0.5, bucketDifference(later, earlier))).toBe(1);
  });
});
