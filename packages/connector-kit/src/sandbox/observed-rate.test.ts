import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxEventsInWindow } from './observed-rate.ts';

function bruteForce(times: readonly number[], windowMs: number): number {
  let maximum = 0;
  for (const start of times) {
    maximum = Math.max(maximum, times.filter((time) => time >= start && time < start + windowMs).length);
  }
  return maximum;
}

describe('maxEventsInWindow', () => {
  it('counts half-open windows [start, start + W)', () => {
    expect(maxEventsInWindow([0, 100, 200, 200, 300], 100)).toBe(2);
    expect(maxEventsInWindow([0, 100, 200, 200, 300], 101)).toBe(3);
    expect(maxEventsInWindow([], 1_000)).toBe(0);
  });

  it('equals the count of the busiest window found by brute force, for any events and window', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 2_000 }),
        (times, windowMs) => maxEventsInWindow(times, windowMs) === bruteForce(times, windowMs),
      ),
    );
  });
});
