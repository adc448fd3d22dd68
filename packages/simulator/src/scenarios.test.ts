import { describe, expect, it } from 'vitest';
import { runSimulation } from './run-simulation.ts';
import { scenarioNames } from './scenarios/scenario-registry.ts';

describe.each(scenarioNames.filter((name) => name !== 'flash-sale'))('scenario %s', (name) => {
  const report = runSimulation({ scenario: name, seed: 3 });
  const [stockwire, periodic, naive] = report.systems;

  it('runs Stockwire and both baselines on the same demand', () => {
    expect(report.systems.map((system) => system.system)).toEqual([
      'stockwire',
      'periodic sync every 15 min',
      'naive real-time sync',
    ]);
    expect(report.demand.orders).toBeGreaterThan(0);
  });

  it('Stockwire oversells fewer units than either baseline', () => {
    expect(stockwire?.orders.unitsOversold).toBeLessThan(periodic?.orders.unitsOversold ?? 0);
    expect(stockwire?.orders.unitsOversold).toBeLessThan(naive?.orders.unitsOversold ?? 0);
  });

  it('a Stockwire drift never outlives one reconciliation interval', () => {
    expect(stockwire?.drift.maxAgeSeconds).toBeLessThanOrEqual(900);
  });

  it('gives the same report for the same seed', () => {
    expect(runSimulation({ scenario: name, seed: 3 })).toEqual(report);
  });
});
