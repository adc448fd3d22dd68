import { describe, expect, it } from 'vitest';
import { renderSimulationReport } from './render-simulation-report.ts';
import { runSimulation, type SimulationReport } from './run-simulation.ts';
import { flashSale } from './scenarios/flash-sale.ts';
import { createSeededRandom } from './seeded-random.ts';
import type { SystemReport } from './system-report.ts';

function system(report: SimulationReport, name: string): SystemReport {
  const found = report.systems.find((candidate) => candidate.system === name);
  if (found === undefined) throw new Error(`no system ${name} in the report`);
  return found;
}

describe('flash-sale', () => {
  const report = runSimulation({ scenario: 'flash-sale', seed: 1, compareBuffers: true });
  const stockwire = system(report, 'stockwire');
  const periodic = system(report, 'periodic sync every 15 min');
  const naive = system(report, 'naive real-time sync');

  it('Stockwire with the default policy oversells nothing while both baselines oversell', () => {
    expect(stockwire.orders.unitsSold).toBeGreaterThan(0);
    expect(stockwire.orders.unitsOversold).toBe(0);
    expect(stockwire.orders.ordersCancelled).toBe(0);
    expect(periodic.orders.unitsOversold).toBeGreaterThan(0);
    expect(naive.orders.unitsOversold).toBeGreaterThan(0);
  });

  it('Stockwire hides less stock than the 15-minute sync and keeps channels closer to its target', () => {
    expect(stockwire.hiddenStockUnitSeconds).toBeLessThan(periodic.hiddenStockUnitSeconds);
    expect(stockwire.drift.maxAgeSeconds).toBeLessThan(periodic.drift.maxAgeSeconds);
    expect(stockwire.latencySeconds.p99).toBeLessThan(periodic.latencySeconds.p50);
  });

  it('the dynamic buffer oversells less than no buffer and hides less than a static buffer', () => {
    const none = system(report, 'stockwire (no buffer)');
    const fixed = system(report, 'stockwire (static buffer 5)');
    const dynamic = report.systems.find((candidate) => candidate.system.startsWith('stockwire (dynamic'));
    expect(dynamic).toBeDefined();
    expect(dynamic?.orders.unitsOversold).toBeLessThan(none.orders.unitsOversold);
    expect(dynamic?.hiddenStockUnitSeconds).toBeLessThan(fixed.hiddenStockUnitSeconds);
  });

  it('never makes fewer API calls than the batch sizes allow', () => {
    for (const scored of report.systems) {
      expect(scored.apiCalls.made).toBeGreaterThanOrEqual(scored.apiCalls.minimum);
    }
  });

  it('gives the same report for the same seed, whatever other systems ran beside it', () => {
    const again = runSimulation({ scenario: 'flash-sale', seed: 1 });
    expect(JSON.parse(JSON.stringify(again))).toEqual({ ...report, systems: report.systems.slice(0, 3) });
  });

  it('draws other demand for another seed', () => {
    const demandOf = (seed: number) => flashSale.generate(createSeededRandom(seed)).demand;
    expect(demandOf(2)).not.toEqual(demandOf(1));
    expect(demandOf(1)).toEqual(demandOf(1));
  });

  it('renders one row per system', () => {
    const text = renderSimulationReport(report);
    for (const scored of report.systems) expect(text).toContain(scored.system);
  });
});

describe('runSimulation options', () => {
  it('names the known scenarios when given an unknown one', () => {
    expect(() => runSimulation({ scenario: 'no-such-thing' })).toThrow(/flash-sale/);
  });

  it('rejects unknown options', () => {
    expect(() => runSimulation({ scenario: 'flash-sale', speed: 2 } as never)).toThrow();
  });
});
