import { LocationSchema, SkuSchema } from '@stockwire/model';
import { reliableDelivery, type Scenario } from '../scenario.ts';
import { constantDemand, defaultBatchSizes, defaultChannels } from './scenario-building.ts';

const skus = ['TEE-BLK-S', 'TEE-BLK-M', 'TEE-BLK-L', 'MUG-LOGO'];
const outage = { location: 'wh-west', from: 2400, until: 6000 };

/**
 * Two warehouses share the stock; the western one stops shipping 40 minutes in and comes back an hour later.
 * While it is down only the eastern stock is sellable; when it returns, its stock is sellable again.
 */
export const warehouseOffline: Scenario = {
  name: 'warehouse-offline',
  description: 'wh-west (half the stock) goes offline from 40 to 100 min of 2.5 hours of steady demand',
  durationSeconds: 9000,
  locations: [
    LocationSchema.parse({ id: 'wh-east', kind: 'warehouse', region: 'us-east', priority: 1 }),
    LocationSchema.parse({ id: 'wh-west', kind: 'warehouse', region: 'us-west', priority: 2 }),
  ],
  skus: skus.map((id) => SkuSchema.parse({ id })),
  channels: defaultChannels(['wh-east', 'wh-west']),
  batchSizes: defaultBatchSizes,
  initialStock: skus.flatMap((sku) => [
    { sku, location: 'wh-east', onHand: 15 },
    { sku, location: 'wh-west', onHand: 25 },
  ]),
  faults: reliableDelivery,
  fulfilmentDelaySeconds: 1800,
  warehouseConnection: 'wms',
  generate(random) {
    const demand = constantDemand(random, this, skus, 0.003);
    return { demand, changes: [], outages: [outage] };
  },
};
