import type { Channel, InventoryEvent, Sku } from '@stockwire/model';
import type { CatalogLookups, StockView } from './catalog-lookups.ts';
import type { Scenario } from './scenario.ts';
import type { SimulatedClock } from './simulated-clock.ts';

export interface PublishedQuantity {
  readonly channel: string;
  readonly sku: string;
  readonly quantity: number;
}

/** How a channel's API answered one call: taken, or refused with HTTP 429 and a wait before the next call. */
export type PublishOutcome =
  | { readonly accepted: true }
  | { readonly accepted: false; readonly status: 429; readonly retryAfterSeconds: number };

/** What a sync system may do to the simulated world: the same for Stockwire and the baselines. */
export interface MarketAccess {
  readonly clock: SimulatedClock;
  readonly scenario: Scenario;
  readonly lookups: CatalogLookups;
  /**
   * One API call to a channel connection carrying these absolute quantities. A refused call (429) changes
   * nothing on the channel and still counts as a call made.
   */
  publish(connection: string, quantities: readonly PublishedQuantity[]): PublishOutcome;
  /** What a channel shows now, as its inventory webhook or a read reports it. */
  observeShown(channel: string, sku: string): number;
  /** A full read of the authorities' current state, as snapshot events (what reconciliation pulls). */
  authoritySnapshot(): InventoryEvent[];
  /** Sellable units really there for a channel now (what a batch sync reads from the ERP). */
  trueSellable(channel: Channel, sku: Sku): number;
}

/** One way of keeping channels in step with stock. */
export interface SyncSystem {
  readonly name: string;
  /** What this system means a channel to show, given the true state: the yardstick for its drift. */
  intendedQuantity(lookups: CatalogLookups, channel: Channel, sku: Sku, view: StockView, seconds: number): number;
  /** Called once at second 0, after the opening stock was delivered. */
  start(market: MarketAccess): void;
  /** A health check reports a location going offline or coming back. */
  locationStatusChanged?(location: string, status: 'active' | 'offline'): void;
  /** An event reaches the system (possibly late, possibly twice). */
  deliver(event: InventoryEvent): void;
}
