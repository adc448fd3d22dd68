import type { DeliveryFaults } from './scenario.ts';
import { keyedUnit } from './seeded-random.ts';

/**
 * Seconds after it happened that each delivery of one event reaches a sync system: none when lost, two when
 * duplicated. Decided by the seed and the event's key alone, so every compared system meets the same faults.
 */
export function deliveryDelays(seed: number, idempotencyKey: string, faults: DeliveryFaults): number[] {
  const fate = (what: string) => keyedUnit(seed, `${idempotencyKey}#${what}`);
  if (fate('drop') < faults.dropShare) return [];
  const [minimum, maximum] = faults.delaySeconds;
  let delay = minimum + fate('delay') * (maximum - minimum);
  if (fate('late') < faults.lateShare) delay += faults.lateDelaySeconds;
  if (fate('duplicate') >= faults.duplicateShare) return [delay];
  // A redelivery comes after the first delivery, as a webhook retry does.
  return [delay, delay + maximum + fate('again') * Math.max(faults.lateDelaySeconds, maximum)];
}
