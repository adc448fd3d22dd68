import type { AllocationConfiguration, Channel, InventoryEvent, Location, Sku } from '@stockwire/model';
import type { SeededRandom } from './seeded-random.ts';

/** A shopper trying to buy on one channel: the channel sells at most what it shows at that moment. */
export interface DemandArrival {
  /** Simulated seconds since the start. */
  readonly at: number;
  readonly channel: string;
  readonly sku: string;
  readonly quantity: number;
}

/** Something that happens to real stock outside the channels: a receipt, a count, a return. */
export interface StockChange {
  readonly at: number;
  readonly event: InventoryEvent;
}

/** How events reach the sync systems: every system meets the same fate for the same event. */
export interface DeliveryFaults {
  /** Seconds from an event happening to its delivery, drawn uniformly. */
  readonly delaySeconds: readonly [minimum: number, maximum: number];
  /** Share of events delivered a second time. */
  readonly duplicateShare: number;
  /** Share of events held back and delivered late (after later events). */
  readonly lateShare: number;
  readonly lateDelaySeconds: number;
  /** Share of events never delivered; only reconciliation heals them. */
  readonly dropShare: number;
}

/** A location that cannot ship between two simulated seconds. */
export interface LocationOutage {
  readonly location: string;
  readonly from: number;
  readonly until: number;
}

/**
 * A channel connection whose API answers every call with HTTP 429 between two simulated seconds, each time asking
 * the caller to wait `retryAfterSeconds` (the `Retry-After` header), then recovers.
 */
export interface RateLimitStorm {
  readonly connection: string;
  readonly from: number;
  readonly until: number;
  readonly retryAfterSeconds: number;
}

export interface ScenarioWorld {
  readonly demand: readonly DemandArrival[];
  readonly changes: readonly StockChange[];
  readonly outages?: readonly LocationOutage[];
  readonly rateLimitStorms?: readonly RateLimitStorm[];
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly durationSeconds: number;
  readonly locations: readonly Location[];
  readonly skus: readonly Sku[];
  readonly channels: readonly Channel[];
  /** Pools and ring-fenced reservations, as the configuration's `allocation`; absent: no allocation. */
  readonly allocation?: AllocationConfiguration | undefined;
  /** Units per API call each channel connection accepts (e.g. 250 for a bulk inventory mutation). */
  readonly batchSizes: Readonly<Record<string, number>>;
  readonly initialStock: ReadonlyArray<{ sku: string; location: string; onHand: number }>;
  readonly faults: DeliveryFaults;
  /** Seconds from an order's reservation to its shipment leaving on-hand. */
  readonly fulfilmentDelaySeconds: number;
  /** The warehouse system that reports on-hand (shipments, receipts, counts). */
  readonly warehouseConnection: string;
  generate(random: SeededRandom): ScenarioWorld;
}

export const reliableDelivery: DeliveryFaults = {
  delaySeconds: [0.2, 0.8],
  duplicateShare: 0,
  lateShare: 0,
  lateDelaySeconds: 0,
  dropShare: 0,
};

/**
 * Arrivals of a Poisson process whose rate changes over time (`rateAt` in arrivals per second), by thinning:
 * draw at the peak rate and keep each arrival with probability rate/peak.
 */
export function poissonArrivals(
  random: SeededRandom,
  durationSeconds: number,
  peakRatePerSecond: number,
  rateAt: (seconds: number) => number,
): number[] {
  const arrivals: number[] = [];
  let at = 0;
  for (;;) {
    at += random.exponential(peakRatePerSecond);
    if (at >= durationSeconds) return arrivals;
    if (random.next() * peakRatePerSecond < rateAt(at)) arrivals.push(at);
  }
}
