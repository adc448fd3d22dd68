import { describe, expect, it } from 'vitest';
import { createSeededRandom, keyedUnit } from './seeded-random.ts';

describe('createSeededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number) => {
      const random = createSeededRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('keeps every value in range', () => {
    const random = createSeededRandom(0);
    for (let index = 0; index < 1000; index++) {
      const value = random.next();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      const whole = random.integer(2, 4);
      expect([2, 3, 4]).toContain(whole);
    }
  });
});

describe('keyedUnit', () => {
  it('decides the same fate for the same seed and key, whatever was drawn before', () => {
    expect(keyedUnit(3, 'order-1:created')).toBe(keyedUnit(3, 'order-1:created'));
    expect(keyedUnit(3, 'order-1:created')).not.toBe(keyedUnit(4, 'order-1:created'));
    expect(keyedUnit(3, 'order-1:created')).toBeLessThan(1);
  });
});
