export {
  type BufferComparison,
  type BufferComparisonOptions,
  BufferComparisonOptionsSchema,
  type BufferComparisonRow,
  type BufferKind,
  bufferComparisonScenarios,
  compareBuffers,
  renderBufferComparison,
  type ScenarioBufferComparison,
} from './buffer-comparison.ts';
export { renderSimulationReport } from './render-simulation-report.ts';
export {
  defaultDynamicBuffer,
  runSimulation,
  type SimulationOptions,
  SimulationOptionsSchema,
  type SimulationReport,
} from './run-simulation.ts';
export type {
  DeliveryFaults,
  DemandArrival,
  LocationOutage,
  RateLimitStorm,
  Scenario,
  ScenarioWorld,
  StockChange,
} from './scenario.ts';
export { findScenario, scenarioNames, scenarios } from './scenarios/scenario-registry.ts';
export { createSeededRandom, keyedUnit, type SeededRandom } from './seeded-random.ts';
export type { SystemReport } from './system-report.ts';
export type { BufferPolicy } from './systems/dynamic-buffer.ts';
export {
  minimumApiCalls,
  percentile,
  scoreTimeline,
  type TimelinePoint,
  type TimelineScore,
} from './timeline-scores.ts';
