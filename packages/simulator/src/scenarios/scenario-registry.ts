import type { Scenario } from '../scenario.ts';
import { flashSale } from './flash-sale.ts';
import { kitComponents } from './kit-components.ts';
import { rateLimitStorm } from './rate-limit-storm.ts';
import { returnsWave } from './returns-wave.ts';
import { steady } from './steady.ts';
import { warehouseOffline } from './warehouse-offline.ts';
import { webhookStorm } from './webhook-storm.ts';

export const scenarios: readonly Scenario[] = [
  flashSale,
  steady,
  warehouseOffline,
  webhookStorm,
  rateLimitStorm,
  returnsWave,
  kitComponents,
];

export const scenarioNames: readonly string[] = scenarios.map((scenario) => scenario.name);

export function findScenario(name: string): Scenario {
  const scenario = scenarios.find((candidate) => candidate.name === name);
  if (scenario === undefined) {
    throw new Error(`Unknown scenario "${name}". Choose one of: ${scenarioNames.join(', ')}.`);
  }
  return scenario;
}
