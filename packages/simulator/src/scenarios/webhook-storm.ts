import type { Scenario } from '../scenario.ts';
import { constantDemand, periodicReceipts, singleWarehouseWorld } from './scenario-building.ts';

const skus = ['TEE-BLK-S', 'TEE-BLK-M', 'TEE-BLK-L', 'MUG-LOGO'];

/**
 * Busy trading while the event pipe misbehaves: a third of events delivered twice, a fifth two minutes late
 * (after newer ones), and one in twenty never delivered, so only reconciliation can heal what it lost.
 */
export const webhookStorm: Scenario = {
  name: 'webhook-storm',
  description: 'duplicates (30%), late and reordered events (20%, +2 min) and lost events (5%) for 2 hours',
  durationSeconds: 7200,
  ...singleWarehouseWorld(skus, () => 40),
  faults: { delaySeconds: [0.2, 0.8], duplicateShare: 0.3, lateShare: 0.2, lateDelaySeconds: 120, dropShare: 0.05 },
  fulfilmentDelaySeconds: 900,
  generate(random) {
    const demand = constantDemand(random, this, skus, 0.01);
    const changes = periodicReceipts(random, skus, 'wh-east', {
      everySeconds: 1800,
      durationSeconds: this.durationSeconds,
      minimum: 15,
      maximum: 35,
    });
    return { demand, changes };
  },
};
