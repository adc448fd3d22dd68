import { z } from 'zod';
import { defaultDynamicBuffer, SimulationOptionsSchema, scoreSystems } from './run-simulation.ts';
import { findScenario } from './scenarios/scenario-registry.ts';
import type { BufferPolicy } from './systems/dynamic-buffer.ts';
import { StockwireSystem } from './systems/stockwire-system.ts';

/** The scenarios `--compare-buffers` runs when none is named: a rush and an ordinary day. */
export const bufferComparisonScenarios = ['flash-sale', 'steady'] as const;

export const BufferComparisonOptionsSchema = z.strictObject({
  scenarios: z
    .array(z.string().min(1))
    .min(1)
    .default([...bufferComparisonScenarios]),
  seed: SimulationOptionsSchema.shape.seed,
  syncLatencySeconds: SimulationOptionsSchema.shape.syncLatencySeconds,
  reconcileIntervalSeconds: SimulationOptionsSchema.shape.reconcileIntervalSeconds,
});
export type BufferComparisonOptions = z.input<typeof BufferComparisonOptionsSchema>;

export type BufferKind = 'none' | 'fixed' | 'dynamic';

export interface BufferComparisonRow {
  readonly kind: BufferKind;
  /** What was held back, e.g. `fixed as configured (web 2, marketplace 0, social 2)` or `dynamic 1–10 over 2 min`. */
  readonly buffer: string;
  readonly unitsOversold: number;
  readonly ordersCancelled: number;
  /** Unit-seconds a channel showed zero while stock was sellable (see `SystemReport`). */
  readonly hiddenStockUnitSeconds: number;
}

export interface ScenarioBufferComparison {
  readonly scenario: string;
  readonly description: string;
  readonly rows: readonly BufferComparisonRow[];
  /** The dynamic buffer against the configured fixed one: oversold units and hidden unit-seconds, each side. */
  readonly dynamicVersusFixed: {
    readonly oversold: { readonly dynamic: number; readonly fixed: number };
    readonly hiddenStockUnitSeconds: { readonly dynamic: number; readonly fixed: number };
  };
}

export interface BufferComparison {
  readonly seed: number;
  readonly scenarios: readonly ScenarioBufferComparison[];
}

/**
 * Stockwire on each scenario's same seed with no buffer, the configured fixed buffers, a larger fixed buffer and
 * the dynamic buffer (`policy.dynamicBuffer`, sized by the model's function as the runner sizes it), keeping every
 * other rule of the channels: what each costs in oversold units and in stock hidden from shoppers.
 */
export function compareBuffers(options: BufferComparisonOptions = {}): BufferComparison {
  const settings = BufferComparisonOptionsSchema.parse(options);
  const dynamic = defaultDynamicBuffer.kind === 'dynamic' ? defaultDynamicBuffer.policy : undefined;
  return {
    seed: settings.seed,
    scenarios: settings.scenarios.map((name) => {
      const scenario = findScenario(name);
      const configured = scenario.channels.map((channel) => `${channel.id} ${channel.policy.buffer}`).join(', ');
      const variants: ReadonlyArray<{ kind: BufferKind; buffer: string; policy: BufferPolicy }> = [
        { kind: 'none', buffer: 'none', policy: { kind: 'none' } },
        { kind: 'fixed', buffer: `fixed as configured (${configured})`, policy: { kind: 'configured' } },
        { kind: 'fixed', buffer: 'fixed 5 on every channel', policy: { kind: 'static', buffer: 5 } },
        {
          kind: 'dynamic',
          buffer: `dynamic ${dynamic?.floor}–${dynamic?.ceiling} over ${dynamic?.windowMinutes} min`,
          policy: defaultDynamicBuffer,
        },
      ];
      const systems = variants.map(
        (variant) =>
          new StockwireSystem({
            syncLatencySeconds: settings.syncLatencySeconds,
            reconcileIntervalSeconds: settings.reconcileIntervalSeconds,
            buffer: variant.policy,
          }),
      );
      const { reports } = scoreSystems(scenario.name, settings.seed, systems);
      const rows = variants.map((variant, index) => {
        const report = reports[index];
        if (report === undefined) throw new Error(`no report for ${variant.buffer}`);
        return {
          kind: variant.kind,
          buffer: variant.buffer,
          unitsOversold: report.orders.unitsOversold,
          ordersCancelled: report.orders.ordersCancelled,
          hiddenStockUnitSeconds: report.hiddenStockUnitSeconds,
        };
      });
      const fixed = rows[1];
      const dynamicRow = rows[3];
      if (fixed === undefined || dynamicRow === undefined) throw new Error('the comparison lost a row');
      return {
        scenario: scenario.name,
        description: scenario.description,
        rows,
        dynamicVersusFixed: {
          oversold: { dynamic: dynamicRow.unitsOversold, fixed: fixed.unitsOversold },
          hiddenStockUnitSeconds: { dynamic: dynamicRow.hiddenStockUnitSeconds, fixed: fixed.hiddenStockUnitSeconds },
        },
      };
    }),
  };
}

/** A plain-text table per scenario and one line comparing the dynamic buffer with the configured fixed one. */
export function renderBufferComparison(comparison: BufferComparison): string {
  const header = ['scenario', 'buffer', 'oversold', 'cancelled', 'hidden unit·s'];
  const rows = comparison.scenarios.flatMap((scenario) =>
    scenario.rows.map((row) => [
      scenario.scenario,
      row.buffer,
      `${row.unitsOversold}`,
      `${row.ordersCancelled}`,
      `${Math.round(row.hiddenStockUnitSeconds)}`,
    ]),
  );
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const summaries = comparison.scenarios.map((scenario) => {
    const { oversold, hiddenStockUnitSeconds: hidden } = scenario.dynamicVersusFixed;
    const change =
      hidden.fixed === 0 ? '' : ` (${signedPercent((hidden.dynamic - hidden.fixed) / hidden.fixed)} hidden)`;
    return (
      `${scenario.scenario}: dynamic vs fixed — oversold ${oversold.dynamic} vs ${oversold.fixed}, ` +
      `hidden ${Math.round(hidden.dynamic)} vs ${Math.round(hidden.fixed)} unit·s${change}`
    );
  });
  return [
    `Buffers compared on seed ${comparison.seed}: units oversold, orders cancelled, and hidden stock`,
    '(unit-seconds a channel showed zero while stock was sellable). Same demand for every row of a scenario.',
    '',
    line(header),
    ...rows.map(line),
    '',
    ...summaries,
    '',
  ].join('\n');
}

function signedPercent(ratio: number): string {
  const percent = Math.round(ratio * 100);
  return `${percent > 0 ? '+' : percent < 0 ? '−' : '±'}${Math.abs(percent)}%`;
}
