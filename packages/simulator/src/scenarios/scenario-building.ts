import { type Channel, ChannelSchema, type InventoryEvent, LocationSchema, SkuSchema } from '@stockwire/model';
import { type DemandArrival, poissonArrivals, type StockChange } from '../scenario.ts';
import type { SeededRandom } from '../seeded-random.ts';
import { timestampAt } from '../simulation-time.ts';

/**
 * The three channels most scenarios sell on, with the example configuration's default policies: a store
 * holding two units back, a marketplace shown 80% and nothing below three, a social shop holding two back.
 */
export function defaultChannels(locations: readonly string[]): Channel[] {
  return [
    ChannelSchema.parse({ id: 'web', connection: 'shopify', locations, policy: { buffer: 2 } }),
    ChannelSchema.parse({
      id: 'marketplace',
      connection: 'amazon',
      locations,
      policy: { percentage: 80, zeroBelow: 3 },
    }),
    ChannelSchema.parse({ id: 'social', connection: 'social-shop', locations, policy: { buffer: 2 } }),
  ];
}

/** Vendor batch sizes of the default channels' connections. */
export const defaultBatchSizes: Readonly<Record<string, number>> = { shopify: 250, amazon: 100, 'social-shop': 50 };

/** Shoppers on every channel for every SKU, one or (one time in ten) two units each. */
export function demandOn(
  random: SeededRandom,
  options: {
    readonly skus: readonly string[];
    readonly channels: readonly string[];
    readonly durationSeconds: number;
    readonly peakRatePerSecond: number;
    readonly rateAt: (seconds: number, sku: string) => number;
  },
): DemandArrival[] {
  const demand: DemandArrival[] = [];
  for (const sku of options.skus) {
    for (const channel of options.channels) {
      const arrivals = poissonArrivals(random, options.durationSeconds, options.peakRatePerSecond, (seconds) =>
        options.rateAt(seconds, sku),
      );
      for (const at of arrivals) demand.push({ at, channel, sku, quantity: random.chance(0.1) ? 2 : 1 });
    }
  }
  return demand;
}

/** A warehouse receipt at a simulated second. */
export function receiptAt(at: number, sku: string, location: string, quantity: number): InventoryEvent {
  return {
    kind: 'receipt',
    idempotencyKey: `receipt:${sku}:${location}:${at}`,
    source: 'wms',
    occurredAt: timestampAt(at),
    sku,
    location,
    quantity,
  };
}

/** The world most scenarios share: one east-coast warehouse, the default channels, the WMS as its authority. */
export function singleWarehouseWorld(skus: readonly string[], onHand: (sku: string, index: number) => number) {
  return {
    locations: [LocationSchema.parse({ id: 'wh-east', kind: 'warehouse', region: 'us-east' })],
    skus: skus.map((id) => SkuSchema.parse({ id })),
    channels: defaultChannels(['wh-east']),
    batchSizes: defaultBatchSizes,
    initialStock: skus.map((sku, index) => ({ sku, location: 'wh-east', onHand: onHand(sku, index) })),
    warehouseConnection: 'wms',
  };
}

/** Demand at one constant rate on every channel for every SKU. */
export function constantDemand(
  random: SeededRandom,
  scenario: { readonly channels: readonly Channel[]; readonly durationSeconds: number },
  skus: readonly string[],
  ratePerSecond: number,
): DemandArrival[] {
  return demandOn(random, {
    skus,
    channels: scenario.channels.map((channel) => channel.id),
    durationSeconds: scenario.durationSeconds,
    peakRatePerSecond: ratePerSecond,
    rateAt: () => ratePerSecond,
  });
}

/** A delivery of every SKU to a location every `everySeconds`, each of a random size in `[minimum, maximum]`. */
export function periodicReceipts(
  random: SeededRandom,
  skus: readonly string[],
  location: string,
  options: {
    readonly everySeconds: number;
    readonly durationSeconds: number;
    readonly minimum: number;
    readonly maximum: number;
  },
): StockChange[] {
  const changes: StockChange[] = [];
  for (let at = options.everySeconds; at < options.durationSeconds; at += options.everySeconds) {
    for (const sku of skus) {
      changes.push({ at, event: receiptAt(at, sku, location, random.integer(options.minimum, options.maximum)) });
    }
  }
  return changes;
}
