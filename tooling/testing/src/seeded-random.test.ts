import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.ts';

describe('seededRandom', () => {
  it('gives the published mulberry32 sequence for a seed, so runs and machines agree', () => {
    const random = seededRandom(1);
    // The reference implementation's first values for seed 1, as 32-bit integers.
    const integers = Array.from({ length: 4 }, () => Math.floor(random() * 4_294_967_296));
    expect(integers).toEqual([2_693_262_067, 11_749_833, 2_265_367_787, 4_213_581_821]);
  });

  it('repeats for the same seed and differs between seeds, always inside [0, 1)', () => {
    const first = seededRandom(14);
    const again = seededRandom(14);
    const other = seededRandom(15);
    const values = Array.from({ length: 10_000 }, () => first());
    expect(Array.from({ length: 10_000 }, () => again())).toEqual(values);
    expect(Array.from({ length: 10_000 }, () => other())).not.toEqual(values);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    // Spread over the interval: each tenth holds about a tenth of the values.
    const tenths = new Array<number>(10).fill(0);
    for (const value of values) tenths[Math.floor(value * 10)] = (tenths[Math.floor(value * 10)] ?? 0) + 1;
    for (const count of tenths) expect(count).toBeGreaterThan(850);
  });
});
