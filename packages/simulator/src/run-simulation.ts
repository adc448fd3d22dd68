import { DynamicBufferSchema } from '@stockwire/model';
import { z } from 'zod';
import { buildCatalogLookups } from './catalog-lookups.ts';
import { Market } from './market.ts';
import type { ScenarioWorld } from './scenario.ts';
import { findScenario } from './scenarios/scenario-registry.ts';
import { createSeededRandom } from './seeded-random.ts';
import type { SyncSystem } from './sync-system.ts';
import { type SystemReport, scoreMarket } from './system-report.ts';
import type { BufferPolicy } from './systems/dynamic-buffer.ts';
import { NaiveSyncSystem } from './systems/naive-sync-system.ts';
import { PeriodicSyncSystem } from './systems/periodic-sync-system.ts';
import { StockwireSystem } from './systems/stockwire-system.ts';

/**
 * The dynamic buffer the comparison runs, as a configuration would write it: one unit always held back, up to ten
 * while a SKU sells fast on a channel, over the last two minutes of that channel's sales.
 */
export const defaultDynamicBuffer: BufferPolicy = {
  kind: 'dynamic',
  policy: DynamicBufferSchema.parse({ windowMinutes: 2, floor: 1, ceiling: 10 }),
};

export const SimulationOptionsSchema = z.strictObject({
  /** A scenario name, e.g. `flash-sale`. */
  scenario: z.string().min(1),
  /** The same seed gives the same demand, the same faults and the same report. */
  seed: z.number().int().min(0).default(1),
  /** Seconds from an event reaching Stockwire to its batched push reaching the channels. */
  syncLatencySeconds: z.number().positive().default(1.5),
  /** How often the periodic baseline copies stock. */
  periodicIntervalSeconds: z.number().positive().default(900),
  /** How often Stockwire reconciles with full snapshots. */
  reconcileIntervalSeconds: z.number().positive().default(900),
  /** Also run Stockwire with no buffer, a static buffer and a dynamic buffer, on the same demand. */
  compareBuffers: z.boolean().default(false),
});
export type SimulationOptions = z.input<typeof SimulationOptionsSchema>;

export interface SimulationReport {
  readonly scenario: string;
  readonly description: string;
  readonly seed: number;
  readonly durationSeconds: number;
  readonly demand: { readonly orders: number; readonly units: number };
  readonly systems: readonly SystemReport[];
}

/**
 * Runs one scenario against Stockwire and the baselines on the same seed and the same demand, on a simulated
 * clock, and scores each. The report is plain JSON.
 */
export function runSimulation(options: SimulationOptions, onProgress?: (message: string) => void): SimulationReport {
  const settings = SimulationOptionsSchema.parse(options);
  const scenario = findScenario(settings.scenario);
  const stockwire = (buffer: BufferPolicy) =>
    new StockwireSystem({
      syncLatencySeconds: settings.syncLatencySeconds,
      reconcileIntervalSeconds: settings.reconcileIntervalSeconds,
      buffer,
    });
  const systems: SyncSystem[] = [
    stockwire({ kind: 'configured' }),
    new PeriodicSyncSystem(settings.periodicIntervalSeconds),
    new NaiveSyncSystem(settings.syncLatencySeconds),
  ];
  if (settings.compareBuffers) {
    systems.push(
      stockwire({ kind: 'none' }),
      stockwire({ kind: 'static', buffer: 5 }),
      stockwire(defaultDynamicBuffer),
    );
  }
  const { world, reports } = scoreSystems(scenario.name, settings.seed, systems, onProgress);
  return {
    scenario: scenario.name,
    description: scenario.description,
    seed: settings.seed,
    durationSeconds: scenario.durationSeconds,
    demand: {
      orders: world.demand.length,
      units: world.demand.reduce((total, arrival) => total + arrival.quantity, 0),
    },
    systems: reports,
  };
}

/** Runs each system on the same world (same seed, same demand, same faults) and scores it. */
export function scoreSystems(
  scenarioName: string,
  seed: number,
  systems: readonly SyncSystem[],
  onProgress?: (message: string) => void,
): { world: ScenarioWorld; reports: SystemReport[] } {
  const scenario = findScenario(scenarioName);
  const lookups = buildCatalogLookups(scenario);
  const world = scenario.generate(createSeededRandom(seed));
  const reports = systems.map((system) => {
    onProgress?.(`${scenario.name}: running ${system.name}`);
    const market = new Market(scenario, lookups, system, seed);
    market.run(world);
    return scoreMarket(system.name, market);
  });
  return { world, reports };
}
