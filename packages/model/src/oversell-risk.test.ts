import { describe, expect, it } from 'vitest';
import { oversellRisk } from './oversell-risk.ts';

describe('oversellRisk', () => {
  const base = { unitsSold: 30, windowSeconds: 60, latencySeconds: 10, shown: 5, factor: 1 };

  it('is at risk when the units sold before the channel knows reach what it shows', () => {
    // 0.5 units/s × 10 s × 1 = 5 ≥ 5 shown.
    expect(oversellRisk(base)).toEqual({ atRisk: true, perSecond: 0.5, soldBeforeTheChannelKnows: 5 });
    expect(oversellRisk({ ...base, shown: 6 }).atRisk).toBe(false);
  });

  it('scales the expected sales by the factor', () => {
    expect(oversellRisk({ ...base, shown: 9, factor: 2 })).toMatchObject({
      atRisk: true,
      soldBeforeTheChannelKnows: 10,
    });
    expect(oversellRisk({ ...base, shown: 9, factor: 1.5 }).atRisk).toBe(false);
  });

  it('never flags a channel that shows nothing, nor a rule turned off', () => {
    expect(oversellRisk({ ...base, shown: 0 }).atRisk).toBe(false);
    expect(oversellRisk({ ...base, factor: 0 }).atRisk).toBe(false);
    expect(oversellRisk({ ...base, unitsSold: 0 }).atRisk).toBe(false);
  });
});
