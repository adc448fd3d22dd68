import { LocationSchema, SkuSchema } from '@stockwire/model';
import { reliableDelivery, type Scenario, type StockChange } from '../scenario.ts';
import { defaultBatchSizes, defaultChannels, demandOn, receiptAt } from './scenario-building.ts';

const skus = ['TEE-BLK-S', 'TEE-BLK-M', 'TEE-BLK-L', 'TEE-WHT-M', 'MUG-LOGO', 'CAP-NAVY'];

/**
 * An ordinary day: steady demand on three channels, with an hourly delivery topping each SKU up. Stock runs low
 * between deliveries now and then, which is where syncs differ.
 */
export const steady: Scenario = {
  name: 'steady',
  description: '6 SKUs on 3 channels over 4 hours of steady demand, with hourly deliveries',
  durationSeconds: 14_400,
  locations: [LocationSchema.parse({ id: 'wh-east', kind: 'warehouse', region: 'us-east' })],
  skus: skus.map((id) => SkuSchema.parse({ id })),
  channels: defaultChannels(['wh-east']),
  batchSizes: defaultBatchSizes,
  initialStock: skus.map((sku) => ({ sku, location: 'wh-east', onHand: 25 })),
  faults: reliableDelivery,
  fulfilmentDelaySeconds: 1800,
  warehouseConnection: 'wms',
  generate(random) {
    const demand = demandOn(random, {
      skus,
      channels: this.channels.map((channel) => channel.id),
      durationSeconds: this.durationSeconds,
      peakRatePerSecond: 0.004,
      rateAt: () => 0.004,
    });
    const changes: StockChange[] = [];
    for (let at = 3600; at < this.durationSeconds; at += 3600) {
      for (const sku of skus) changes.push({ at, event: receiptAt(at, sku, 'wh-east', random.integer(10, 30)) });
    }
    return { demand, changes };
  },
};
