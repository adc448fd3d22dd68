import { LocationSchema, SkuSchema } from '@stockwire/model';
import { reliableDelivery, type Scenario, type StockChange } from '../scenario.ts';
import { defaultBatchSizes, defaultChannels, demandOn, receiptAt } from './scenario-building.ts';

const components = ['MUG-LOGO', 'TEA-EARL-GREY'];
const kit = 'GIFT-SET-TEA';

/**
 * A gift set of a mug and a tea, sold beside its components, with mugs mostly in one warehouse and tea mostly in
 * the other. A kit is assembled at one location, so totals across warehouses overstate it.
 */
export const kitComponents: Scenario = {
  name: 'kit-components',
  description: 'a mug + tea gift set sold beside its components, stock split across two warehouses',
  durationSeconds: 7200,
  locations: [
    LocationSchema.parse({ id: 'wh-east', kind: 'warehouse', region: 'us-east', priority: 1 }),
    LocationSchema.parse({ id: 'wh-west', kind: 'warehouse', region: 'us-west', priority: 2 }),
  ],
  skus: [
    ...components.map((id) => SkuSchema.parse({ id })),
    SkuSchema.parse({
      id: kit,
      kit: {
        components: [
          { sku: 'MUG-LOGO', quantity: 1 },
          { sku: 'TEA-EARL-GREY', quantity: 1 },
        ],
      },
    }),
  ],
  channels: defaultChannels(['wh-east', 'wh-west']),
  batchSizes: defaultBatchSizes,
  initialStock: [
    { sku: 'MUG-LOGO', location: 'wh-east', onHand: 30 },
    { sku: 'TEA-EARL-GREY', location: 'wh-east', onHand: 4 },
    { sku: 'MUG-LOGO', location: 'wh-west', onHand: 3 },
    { sku: 'TEA-EARL-GREY', location: 'wh-west', onHand: 30 },
  ],
  faults: reliableDelivery,
  fulfilmentDelaySeconds: 1800,
  warehouseConnection: 'wms',
  generate(random) {
    const demand = demandOn(random, {
      skus: [...components, kit],
      channels: this.channels.map((channel) => channel.id),
      durationSeconds: this.durationSeconds,
      peakRatePerSecond: 0.004,
      rateAt: (_seconds, sku) => (sku === kit ? 0.004 : 0.002),
    });
    const changes: StockChange[] = [{ at: 3600, event: receiptAt(3600, 'MUG-LOGO', 'wh-west', 10) }];
    return { demand, changes };
  },
};
