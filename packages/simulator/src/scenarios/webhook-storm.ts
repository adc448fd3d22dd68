import { LocationSchema, SkuSchema } from '@stockwire/model';
import type { Scenario, StockChange } from '../scenario.ts';
import { defaultBatchSizes, defaultChannels, demandOn, receiptAt } from './scenario-building.ts';

const skus = ['TEE-BLK-S', 'TEE-BLK-M', 'TEE-BLK-L', 'MUG-LOGO'];

/**
 * Busy trading while the event pipe misbehaves: a third of events delivered twice, a fifth two minutes late
 * (after newer ones), and one in twenty never delivered, so only reconciliation can heal what it lost.
 */
export const webhookStorm: Scenario = {
  name: 'webhook-storm',
  description: 'duplicates (30%), late and reordered events (20%, +2 min) and lost events (5%) for 2 hours',
  durationSeconds: 7200,
  locations: [LocationSchema.parse({ id: 'wh-east', kind: 'warehouse', region: 'us-east' })],
  skus: skus.map((id) => SkuSchema.parse({ id })),
  channels: defaultChannels(['wh-east']),
  batchSizes: defaultBatchSizes,
  initialStock: skus.map((sku) => ({ sku, location: 'wh-east', onHand: 40 })),
  faults: { delaySeconds: [0.2, 0.8], duplicateShare: 0.3, lateShare: 0.2, lateDelaySeconds: 120, dropShare: 0.05 },
  fulfilmentDelaySeconds: 900,
  warehouseConnection: 'wms',
  generate(random) {
    const demand = demandOn(random, {
      skus,
      channels: this.channels.map((channel) => channel.id),
      durationSeconds: this.durationSeconds,
      peakRatePerSecond: 0.01,
      rateAt: () => 0.01,
    });
    const changes: StockChange[] = [];
    for (let at = 1800; at < this.durationSeconds; at += 1800) {
      for (const sku of skus) changes.push({ at, event: receiptAt(at, sku, 'wh-east', random.integer(15, 35)) });
    }
    return { demand, changes };
  },
};
