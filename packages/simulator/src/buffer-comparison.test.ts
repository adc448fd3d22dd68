import { describe, expect, it } from 'vitest';
import { compareBuffers, renderBufferComparison } from './buffer-comparison.ts';
import { runSimulation } from './run-simulation.ts';

describe('compareBuffers', () => {
  const comparison = compareBuffers({ seed: 1 });

  it('runs flash-sale and steady by default, four buffers each', () => {
    expect(comparison.scenarios.map((scenario) => scenario.scenario)).toEqual(['flash-sale', 'steady']);
    for (const scenario of comparison.scenarios) {
      expect(scenario.rows.map((row) => row.kind)).toEqual(['none', 'fixed', 'fixed', 'dynamic']);
      expect(scenario.rows[1]?.buffer).toBe('fixed as configured (web 2, marketplace 0, social 2)');
      expect(scenario.rows[3]?.buffer).toBe('dynamic 1–10 over 2 min');
    }
  });

  it('on both scenarios the dynamic buffer oversells no more than the fixed one and hides less stock', () => {
    for (const scenario of comparison.scenarios) {
      const { oversold, hiddenStockUnitSeconds } = scenario.dynamicVersusFixed;
      expect(oversold.dynamic, scenario.scenario).toBeLessThanOrEqual(oversold.fixed);
      expect(hiddenStockUnitSeconds.dynamic, scenario.scenario).toBeLessThan(hiddenStockUnitSeconds.fixed);
      // And it oversells less than holding nothing back, which hides the least.
      const none = scenario.rows[0];
      expect(oversold.dynamic, scenario.scenario).toBeLessThan(none?.unitsOversold ?? 0);
      expect(hiddenStockUnitSeconds.dynamic, scenario.scenario).toBeGreaterThan(none?.hiddenStockUnitSeconds ?? 0);
    }
  });

  it('scores the configured fixed buffer exactly as the plain simulation scores Stockwire on the same seed', () => {
    const report = runSimulation({ scenario: 'steady', seed: 1 });
    const stockwire = report.systems.find((system) => system.system === 'stockwire');
    const fixed = comparison.scenarios[1]?.rows[1];
    expect(fixed?.unitsOversold).toBe(stockwire?.orders.unitsOversold);
    expect(fixed?.hiddenStockUnitSeconds).toBe(stockwire?.hiddenStockUnitSeconds);
  });

  it('prints every row and a dynamic-vs-fixed line per scenario with the same figures', () => {
    const text = renderBufferComparison(comparison);
    for (const scenario of comparison.scenarios) {
      const { oversold, hiddenStockUnitSeconds: hidden } = scenario.dynamicVersusFixed;
      expect(text).toContain(
        `${scenario.scenario}: dynamic vs fixed — oversold ${oversold.dynamic} vs ${oversold.fixed}, ` +
          `hidden ${Math.round(hidden.dynamic)} vs ${Math.round(hidden.fixed)} unit·s`,
      );
      for (const row of scenario.rows) {
        expect(text).toMatch(
          new RegExp(
            `${scenario.scenario} +${row.buffer.replace(/[()]/g, '\\$&')} +${row.unitsOversold} +${row.ordersCancelled} +${Math.round(row.hiddenStockUnitSeconds)}\\n`,
          ),
        );
      }
    }
  });

  it('refuses an unknown scenario by name', () => {
    expect(() => compareBuffers({ scenarios: ['black-monday'] })).toThrow(/Unknown scenario "black-monday"/);
  });
});
