import type { SimulationReport } from './run-simulation.ts';

/** A plain-text table of a report, one row per system, for a terminal. */
export function renderSimulationReport(report: SimulationReport): string {
  const header = [
    'system',
    'oversold',
    'cancelled',
    'hidden unit·s',
    'drift',
    'max age s',
    'p50 s',
    'p99 s',
    'API calls',
    'refused',
    'minimum',
  ];
  const rows = report.systems.map((system) => [
    system.system,
    `${system.orders.unitsOversold}`,
    `${system.orders.ordersCancelled}`,
    `${Math.round(system.hiddenStockUnitSeconds)}`,
    `${system.drift.count}`,
    `${Math.round(system.drift.maxAgeSeconds)}`,
    system.latencySeconds.p50.toFixed(1),
    system.latencySeconds.p99.toFixed(1),
    `${system.apiCalls.made}`,
    `${system.apiCalls.refused}`,
    `${system.apiCalls.minimum}`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ');
  return [
    `Scenario ${report.scenario} (seed ${report.seed}): ${report.description}`,
    `Demand: ${report.demand.orders} orders, ${report.demand.units} units over ${report.durationSeconds / 60} simulated minutes`,
    '',
    line(header),
    ...rows.map(line),
    '',
  ].join('\n');
}
