import { describe, expect, it } from 'vitest';
import { SimulatedClock } from './simulated-clock.ts';

describe('SimulatedClock', () => {
  it('runs actions in time order, ties in scheduling order, and stops at the limit', () => {
    const clock = new SimulatedClock();
    const seen: string[] = [];
    clock.schedule(5, () => seen.push(`b@${clock.now}`));
    clock.schedule(1, () => {
      seen.push(`a@${clock.now}`);
      clock.schedule(5, () => seen.push(`c@${clock.now}`));
    });
    clock.schedule(20, () => seen.push('too late'));
    clock.runUntil(10);
    expect(seen).toEqual(['a@1', 'b@5', 'c@5']);
    expect(clock.now).toBe(10);
  });
});
