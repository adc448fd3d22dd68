import { reliableDelivery, type Scenario } from '../scenario.ts';
import { demandOn, receiptAt, singleWarehouseWorld } from './scenario-building.ts';

const skus = ['HOODIE-DROP-S', 'HOODIE-DROP-M', 'HOODIE-DROP-L', 'CAP-DROP'];
const openingStock = [40, 60, 50, 30];
const saleStartsAt = 600;
const restockAt = 3000;

/** Arrivals per second per channel and SKU: quiet, a spike when the drop opens, a long tail. */
function demandRate(seconds: number): number {
  if (seconds < saleStartsAt) return 0.002;
  const sinceOpen = seconds - saleStartsAt;
  if (sinceOpen < 900) return 0.08;
  return 0.004 + 0.05 * Math.exp(-(sinceOpen - 900) / 900);
}

/**
 * A limited drop: four SKUs sold on a store, a marketplace and a social shop; demand spikes when the drop opens,
 * and a second delivery lands 50 minutes in. Channel policies are the example configuration's defaults.
 */
export const flashSale: Scenario = {
  name: 'flash-sale',
  description: 'a drop of 4 SKUs across 3 channels: demand spikes at 10 min, a restock lands at 50 min',
  durationSeconds: 7200,
  ...singleWarehouseWorld(skus, (_sku, index) => openingStock[index] ?? 0),
  faults: reliableDelivery,
  fulfilmentDelaySeconds: 1200,
  generate(random) {
    const demand = demandOn(random, {
      skus,
      channels: this.channels.map((channel) => channel.id),
      durationSeconds: this.durationSeconds,
      peakRatePerSecond: 0.08,
      rateAt: demandRate,
    });
    const changes = skus.map((sku) => ({ at: restockAt, event: receiptAt(restockAt, sku, 'wh-east', 80) }));
    return { demand, changes };
  },
};
