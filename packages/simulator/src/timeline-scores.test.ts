import { describe, expect, it } from 'vitest';
import { minimumApiCalls, percentile, scoreTimeline } from './timeline-scores.ts';

describe('scoreTimeline', () => {
  it('counts sellable units times seconds while the channel shows zero', () => {
    // 0–10 s: shows 3 of 3; 10–30 s: shows 0 while 2 are sellable (40 unit·s); 30–50 s: back to 2.
    const score = scoreTimeline(
      [
        { at: 0, shown: 3, sellable: 3, target: 3 },
        { at: 10, shown: 0, sellable: 2, target: 2 },
        { at: 30, shown: 2, sellable: 2, target: 2 },
      ],
      50,
    );
    expect(score.hiddenUnitSeconds).toBe(40);
    expect(score.driftDurations).toEqual([20]);
  });

  it('does not count showing zero when nothing is sellable as hidden', () => {
    const score = scoreTimeline([{ at: 0, shown: 0, sellable: 0, target: 0 }], 100);
    expect(score).toEqual({ hiddenUnitSeconds: 0, driftDurations: [] });
  });

  it('ends a drift still open at the end of the run at the end', () => {
    const score = scoreTimeline(
      [
        { at: 0, shown: 5, sellable: 5, target: 5 },
        { at: 40, shown: 5, sellable: 3, target: 3 },
      ],
      100,
    );
    expect(score.driftDurations).toEqual([60]);
  });

  it('ignores a difference that starts and ends at the same instant', () => {
    const score = scoreTimeline(
      [
        { at: 0, shown: 5, sellable: 5, target: 5 },
        { at: 10, shown: 4, sellable: 5, target: 5 },
        { at: 10, shown: 5, sellable: 5, target: 5 },
      ],
      20,
    );
    expect(score.driftDurations).toEqual([]);
  });

  it('measures each drift period separately', () => {
    const score = scoreTimeline(
      [
        { at: 0, shown: 9, sellable: 8, target: 8 },
        { at: 2, shown: 8, sellable: 8, target: 8 },
        { at: 5, shown: 8, sellable: 7, target: 7 },
        { at: 6.5, shown: 7, sellable: 7, target: 7 },
      ],
      10,
    );
    expect(score.driftDurations).toEqual([2, 1.5]);
  });
});

describe('percentile', () => {
  it('takes the nearest rank, an observed value', () => {
    const values = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
    expect(percentile(values, 0.5)).toBe(5);
    expect(percentile(values, 0.99)).toBe(10);
    expect(percentile([], 0.5)).toBe(0);
  });
});

describe('minimumApiCalls', () => {
  it('is the updates per connection divided by its batch size, rounded up', () => {
    const updates = new Map([
      ['shopify', 501],
      ['amazon', 100],
    ]);
    // ⌈501 / 250⌉ + ⌈100 / 100⌉
    expect(minimumApiCalls(updates, { shopify: 250, amazon: 100 })).toBe(4);
  });
});
