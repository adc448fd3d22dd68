import { type InventoryEvent, returnDispositions } from '@stockwire/model';
import { reliableDelivery, type Scenario, type StockChange } from '../scenario.ts';
import { timestampAt } from '../simulation-time.ts';
import { constantDemand, singleWarehouseWorld } from './scenario-building.ts';

const skus = ['JACKET-RED-M', 'JACKET-RED-L', 'BOOTS-42'];

/**
 * The week after a holiday: stock is nearly gone and returns pour in with mixed dispositions. Only restocked
 * returns are sellable; quarantined and refurbished units are on hand but held, disposed ones never arrive.
 */
export const returnsWave: Scenario = {
  name: 'returns-wave',
  description: 'low stock and a wave of returns (restock, quarantine, refurbish, dispose) over 2 hours',
  durationSeconds: 7200,
  ...singleWarehouseWorld(skus, () => 6),
  faults: reliableDelivery,
  fulfilmentDelaySeconds: 1800,
  generate(random) {
    const demand = constantDemand(random, this, skus, 0.006);
    const changes: StockChange[] = [];
    for (let index = 0; index < 120; index++) {
      const at = random.integer(60, this.durationSeconds - 60);
      const event: InventoryEvent = {
        kind: 'return-received',
        idempotencyKey: `return-${index}`,
        source: 'wms',
        occurredAt: timestampAt(at),
        sku: random.pick(skus),
        location: 'wh-east',
        quantity: 1,
        disposition: random.pick(returnDispositions),
      };
      changes.push({ at, event });
    }
    return { demand, changes };
  },
};
