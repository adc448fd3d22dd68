import {
  applyEvents,
  type Channel,
  type InventoryEvent,
  kitQuantityAtLocation,
  type Location,
  type Position,
  positionQuantities,
  type Sku,
} from '@stockwire/model';
import {
  type CatalogLookups,
  channelQuantity,
  listingKey,
  type SellableAt,
  type StockView,
  sellableFrom,
} from './catalog-lookups.ts';
import { deliveryDelays } from './delivery-faults.ts';
import { answerAt } from './rate-limit-storms.ts';
import type { DemandArrival, RateLimitStorm, Scenario, ScenarioWorld } from './scenario.ts';
import { SimulatedClock } from './simulated-clock.ts';
import { timestampAt } from './simulation-time.ts';
import type { MarketAccess, PublishedQuantity, PublishOutcome, SyncSystem } from './sync-system.ts';
import type { TimelinePoint } from './timeline-scores.ts';

/** Seconds until a health check notices a location going offline or coming back. */
const healthCheckSeconds = 30;

/** One API call a system made to a channel connection, and whether the API took it. */
export interface ApiCall {
  readonly at: number;
  readonly connection: string;
  readonly quantities: readonly PublishedQuantity[];
  readonly accepted: boolean;
}

export interface OrderTally {
  attempted: number;
  accepted: number;
  unitsSold: number;
  unitsOversold: number;
  /** Orders with at least one unit that did not exist: the ones a merchant would have to cancel. */
  ordersCancelled: number;
  /** Units shoppers wanted while the channel showed too few, although stock was there. */
  unitsRefusedWhileInStock: number;
}

/**
 * The simulated world for one sync system: true stock (kept with the model's own apply rules), what each
 * channel shows, shoppers buying only what is shown, and events reaching the system with the scenario's faults.
 */
export class Market implements MarketAccess {
  readonly clock = new SimulatedClock();
  readonly truth = new Map<string, Position>();
  readonly shown = new Map<string, number>();
  readonly timelines = new Map<string, TimelinePoint[]>();
  readonly updatesByConnection = new Map<string, number>();
  apiCalls = 0;
  /** Calls the API answered with 429: made, counted, and carrying nothing to the channel. */
  refusedApiCalls = 0;
  /** Every call in order, refused ones included, for checking what reached the channels and when. */
  readonly calls: ApiCall[] = [];
  readonly orders: OrderTally = {
    attempted: 0,
    accepted: 0,
    unitsSold: 0,
    unitsOversold: 0,
    ordersCancelled: 0,
    unitsRefusedWhileInStock: 0,
  };
  #orderNumber = 0;
  readonly #trueSellableAt: SellableAt;
  readonly #trueLocations: Map<string, Location>;
  readonly #trueView: StockView;
  #rateLimitStorms: readonly RateLimitStorm[] = [];

  readonly scenario: Scenario;
  readonly lookups: CatalogLookups;
  readonly system: SyncSystem;
  readonly seed: number;

  constructor(scenario: Scenario, lookups: CatalogLookups, system: SyncSystem, seed: number) {
    this.scenario = scenario;
    this.lookups = lookups;
    this.system = system;
    this.seed = seed;
    this.#trueSellableAt = sellableFrom(this.truth);
    this.#trueLocations = new Map(lookups.locations);
    this.#trueView = { sellableAt: this.#trueSellableAt, locations: this.#trueLocations };
  }

  run(world: ScenarioWorld): void {
    const { demand, changes } = world;
    this.#rateLimitStorms = world.rateLimitStorms ?? [];
    const opening: InventoryEvent[] = this.scenario.initialStock.map((stock) => ({
      kind: 'snapshot',
      idempotencyKey: `opening:${stock.sku}:${stock.location}`,
      source: this.scenario.warehouseConnection,
      occurredAt: timestampAt(0),
      sku: stock.sku,
      location: stock.location,
      quantities: { onHand: stock.onHand },
    }));
    applyEvents(this.truth, opening);
    for (const event of opening) this.system.deliver(event);
    for (const { channel, sku } of this.lookups.listings) this.#record(channel, sku);
    this.system.start(this);
    for (const arrival of demand) this.clock.schedule(arrival.at, () => this.#buy(arrival));
    for (const change of changes) this.clock.schedule(change.at, () => this.#emit(change.event));
    for (const outage of world.outages ?? []) {
      this.clock.schedule(outage.from, () => this.#setLocationStatus(outage.location, 'offline'));
      this.clock.schedule(outage.until, () => this.#setLocationStatus(outage.location, 'active'));
    }
    this.clock.runUntil(this.scenario.durationSeconds);
  }

  publish(connection: string, quantities: readonly PublishedQuantity[]): PublishOutcome {
    const outcome = answerAt(this.#rateLimitStorms, connection, this.clock.now);
    if (quantities.length === 0) return outcome;
    this.apiCalls++;
    this.calls.push({ at: this.clock.now, connection, quantities, accepted: outcome.accepted });
    if (!outcome.accepted) {
      this.refusedApiCalls++;
      return outcome;
    }
    // Only updates the API took count towards the minimum: a refused one reached no channel.
    this.updatesByConnection.set(connection, (this.updatesByConnection.get(connection) ?? 0) + quantities.length);
    for (const item of quantities) {
      this.shown.set(listingKey(item.channel, item.sku), item.quantity);
      const channel = this.lookups.channels.get(item.channel);
      const sku = this.lookups.skus.get(item.sku);
      if (channel !== undefined && sku !== undefined) this.#record(channel, sku);
    }
    return outcome;
  }

  observeShown(channel: string, sku: string): number {
    return this.shown.get(listingKey(channel, sku)) ?? 0;
  }

  authoritySnapshot(): InventoryEvent[] {
    const occurredAt = timestampAt(this.clock.now);
    const events: InventoryEvent[] = [];
    for (const position of this.truth.values()) {
      const quantities = positionQuantities(position);
      // On-hand and order holds as the authorities hold them now; reservations a system never heard of are in here.
      events.push({
        kind: 'snapshot',
        idempotencyKey: `reconcile:${this.clock.now}:${position.sku}:${position.location}`,
        source: this.scenario.warehouseConnection,
        occurredAt,
        sku: position.sku,
        location: position.location,
        quantities: { onHand: quantities.onHand, committed: quantities.committed },
      });
    }
    return events;
  }

  trueSellable(channel: Channel, sku: Sku): number {
    return channelQuantity(this.lookups, channel, sku, this.#trueView, this.clock.now).sellable;
  }

  #buy(arrival: DemandArrival): void {
    const channel = this.lookups.channels.get(arrival.channel);
    const sku = this.lookups.skus.get(arrival.sku);
    if (channel === undefined || sku === undefined)
      throw new Error(`unknown listing ${arrival.channel} ${arrival.sku}`);
    this.orders.attempted++;
    const key = listingKey(channel.id, sku.id);
    const shown = this.shown.get(key) ?? 0;
    const accepted = Math.min(arrival.quantity, shown);
    const refused = arrival.quantity - accepted;
    if (refused > 0) {
      this.orders.unitsRefusedWhileInStock += Math.min(
        refused,
        Math.max(0, this.trueSellable(channel, sku) - accepted),
      );
    }
    if (accepted === 0) return;
    this.orders.accepted++;
    // The channel counts its own sale down at once, whatever sync sits behind it.
    this.shown.set(key, shown - accepted);
    this.#record(channel, sku);
    const orderReference = `order-${++this.#orderNumber}`;
    let remaining = accepted;
    const reservations: Array<{ location: string; sku: string; quantity: number }> = [];
    for (const location of channel.locations) {
      if (remaining === 0) break;
      if (this.#trueLocations.get(location)?.status !== 'active') continue;
      const available = this.#sellableUnitsAt(sku, location);
      const taken = Math.min(available, remaining);
      if (taken === 0) continue;
      remaining -= taken;
      const components = sku.kit?.components ?? [{ sku: sku.id, quantity: 1 }];
      for (const component of components) {
        reservations.push({ location, sku: component.sku, quantity: taken * component.quantity });
      }
    }
    this.orders.unitsSold += accepted - remaining;
    if (remaining > 0) {
      this.orders.unitsOversold += remaining;
      this.orders.ordersCancelled++;
    }
    reservations.forEach((reservation, index) => {
      const line = {
        orderReference,
        lineReference: `${index + 1}`,
        sku: reservation.sku,
        location: reservation.location,
        quantity: reservation.quantity,
      };
      this.#emit({
        ...line,
        kind: 'reservation-created',
        idempotencyKey: `${orderReference}:${line.lineReference}:created`,
        source: channel.connection,
        occurredAt: timestampAt(this.clock.now),
      });
      this.clock.schedule(this.clock.now + this.scenario.fulfilmentDelaySeconds, () => {
        const occurredAt = timestampAt(this.clock.now);
        this.#emit({
          kind: 'shipment',
          idempotencyKey: `${orderReference}:${line.lineReference}:shipped`,
          source: this.scenario.warehouseConnection,
          occurredAt,
          sku: line.sku,
          location: line.location,
          quantity: line.quantity,
          orderReference,
        });
        this.#emit({
          ...line,
          kind: 'reservation-consumed',
          idempotencyKey: `${orderReference}:${line.lineReference}:consumed`,
          source: channel.connection,
          occurredAt,
        });
      });
    });
  }

  #sellableUnitsAt(sku: Sku, location: string): number {
    if (sku.kit === undefined) return this.#trueSellableAt(sku.id, location);
    return kitQuantityAtLocation(sku.kit.components, (component) => this.#trueSellableAt(component, location));
  }

  /** The location stops (or resumes) shipping now; systems hear of it at their next health check. */
  #setLocationStatus(locationId: string, status: 'active' | 'offline'): void {
    const location = this.#trueLocations.get(locationId);
    if (location === undefined) throw new Error(`unknown location ${locationId}`);
    this.#trueLocations.set(locationId, { ...location, status });
    for (const { channel, sku } of this.lookups.listings) this.#record(channel, sku);
    this.clock.schedule(this.clock.now + healthCheckSeconds, () =>
      this.system.locationStatusChanged?.(locationId, status),
    );
  }

  /** A real change: it moves the truth now and reaches the system when the faults allow. */
  #emit(event: InventoryEvent): void {
    applyEvents(this.truth, [event]);
    for (const affected of this.lookups.affectedSkus(event.sku)) {
      const sku = this.lookups.skus.get(affected);
      if (sku === undefined) continue;
      for (const listing of this.lookups.listings) {
        if (listing.sku.id === affected) this.#record(listing.channel, sku);
      }
    }
    for (const delay of deliveryDelays(this.seed, event.idempotencyKey, this.scenario.faults)) {
      this.clock.schedule(this.clock.now + delay, () => this.system.deliver(event));
    }
  }

  #record(channel: Channel, sku: Sku): void {
    const key = listingKey(channel.id, sku.id);
    const point: TimelinePoint = {
      at: this.clock.now,
      shown: this.shown.get(key) ?? 0,
      sellable: this.trueSellable(channel, sku),
      target: this.system.intendedQuantity(this.lookups, channel, sku, this.#trueView, this.clock.now),
    };
    let timeline = this.timelines.get(key);
    if (timeline === undefined) {
      timeline = [];
      this.timelines.set(key, timeline);
    }
    const last = timeline.at(-1);
    if (
      last !== undefined &&
      last.shown === point.shown &&
      last.sellable === point.sellable &&
      last.target === point.target
    ) {
      return;
    }
    if (last !== undefined && last.at === point.at) timeline.pop();
    timeline.push(point);
  }
}
