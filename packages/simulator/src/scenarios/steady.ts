import { reliableDelivery, type Scenario } from '../scenario.ts';
import { constantDemand, periodicReceipts, singleWarehouseWorld } from './scenario-building.ts';

const skus = ['TEE-BLK-S', 'TEE-BLK-M', 'TEE-BLK-L', 'TEE-WHT-M', 'MUG-LOGO', 'CAP-NAVY'];

/**
 * An ordinary day: steady demand on three channels, with an hourly delivery topping each SKU up. Stock runs low
 * between deliveries now and then, which is where syncs differ.
 */
export const steady: Scenario = {
  name: 'steady',
  description: '6 SKUs on 3 channels over 4 hours of steady demand, with hourly deliveries',
  durationSeconds: 14_400,
  ...singleWarehouseWorld(skus, () => 25),
  faults: reliableDelivery,
  fulfilmentDelaySeconds: 1800,
  generate(random) {
    const demand = constantDemand(random, this, skus, 0.004);
    const changes = periodicReceipts(random, skus, 'wh-east', {
      everySeconds: 3600,
      durationSeconds: this.durationSeconds,
      minimum: 10,
      maximum: 30,
    });
    return { demand, changes };
  },
};
