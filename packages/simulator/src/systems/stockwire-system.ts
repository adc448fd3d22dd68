import {
  applyEvents,
  type Channel,
  type InventoryEvent,
  type Location,
  type Position,
  type Sku,
} from '@stockwire/model';
import { type CatalogLookups, channelQuantity, listingKey, type StockView, sellableFrom } from '../catalog-lookups.ts';
import type { MarketAccess, PublishedQuantity, SyncSystem } from '../sync-system.ts';
import { type BufferPolicy, DynamicBufferTracker } from './dynamic-buffer.ts';

const reconcileOffsetSeconds = 0.25;

export interface StockwireSystemOptions {
  /** Seconds from an event being applied to the batched push reaching the channels. */
  readonly syncLatencySeconds: number;
  /** Seconds between reconciliations (full snapshots from the authorities, which heal lost events). */
  readonly reconcileIntervalSeconds: number;
  readonly buffer: BufferPolicy;
}

/**
 * Stockwire's rules on the model's pure functions: events applied with `applyEvents` (idempotent, ordered,
 * snapshots supersede older events), an order's reservation applied as soon as its event arrives, channel
 * quantities from `computeChannelQuantity`, changed listings pushed in batches after the sync latency, and a
 * scheduled reconciliation.
 */
export class StockwireSystem implements SyncSystem {
  readonly name: string;
  readonly #positions = new Map<string, Position>();
  readonly #locations = new Map<string, Location>();
  readonly #view: StockView = { sellableAt: sellableFrom(this.#positions), locations: this.#locations };
  readonly #dirty = new Set<string>();
  readonly #lastPushed = new Map<string, number>();
  /** Per connection, the simulated second until which its API asked us to wait (a 429's Retry-After). */
  readonly #refusedUntil = new Map<string, number>();
  /** Per connection, 429s in a row: the runner doubles its wait for each (`rateLimitBackoffMaxMs`, 30 s at most). */
  readonly #refusalStreak = new Map<string, number>();
  readonly #buffers: DynamicBufferTracker;
  #market: MarketAccess | undefined;
  #flushScheduled = false;

  readonly options: StockwireSystemOptions;

  constructor(options: StockwireSystemOptions) {
    this.options = options;
    this.name = options.buffer.kind === 'configured' ? 'stockwire' : `stockwire (${describe(options.buffer)})`;
    this.#buffers = new DynamicBufferTracker(options.buffer, options.syncLatencySeconds);
  }

  intendedQuantity(lookups: CatalogLookups, channel: Channel, sku: Sku, view: StockView, seconds: number): number {
    const adjusted = this.#buffers.channelFor(channel);
    return channelQuantity(lookups, adjusted, sku, view, seconds, this.#buffers.demand(channel, sku.id, seconds))
      .quantity;
  }

  start(market: MarketAccess): void {
    this.#market = market;
    for (const [id, location] of market.lookups.locations) this.#locations.set(id, location);
    for (const { channel, sku } of market.lookups.listings) this.#dirty.add(listingKey(channel.id, sku.id));
    this.#flush();
    const interval = this.options.reconcileIntervalSeconds;
    // Offset from round times: a snapshot stamped at the very millisecond of a scheduled delivery it has not yet
    // seen would supersede it, since the model orders same-instant events by key, not by arrival.
    for (let at = interval + reconcileOffsetSeconds; at < market.scenario.durationSeconds; at += interval) {
      market.clock.schedule(at, () => {
        for (const event of market.authoritySnapshot()) this.deliver(event);
      });
    }
  }

  locationStatusChanged(location: string, status: 'active' | 'offline'): void {
    const known = this.#locations.get(location);
    const market = this.#market;
    if (known === undefined || market === undefined) return;
    this.#locations.set(location, { ...known, status });
    for (const { channel, sku } of market.lookups.listings) this.#dirty.add(listingKey(channel.id, sku.id));
    this.#scheduleFlush(market);
  }

  deliver(event: InventoryEvent): void {
    applyEvents(this.#positions, [event]);
    const market = this.#market;
    if (market === undefined) return;
    if (event.kind === 'reservation-created') this.#observeSellingChannel(market, event.source, event.sku);
    this.#buffers.observe(event, market.clock.now);
    for (const affected of market.lookups.affectedSkus(event.sku)) {
      for (const { channel, sku } of market.lookups.listings) {
        if (sku.id === affected) this.#dirty.add(listingKey(channel.id, sku.id));
      }
    }
    this.#scheduleFlush(market);
  }

  #scheduleFlush(market: MarketAccess): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    market.clock.schedule(market.clock.now + this.options.syncLatencySeconds, () => this.#flush());
  }

  /**
   * The selling channel counted its own sale down; its inventory webhook beside the order says to what (the
   * engine's `recordRemote`). Comparing later pushes with that, not with our last push, means a change that
   * brings the computed value back to the last pushed one is not skipped, and a push that raced the sale is
   * corrected.
   */
  #observeSellingChannel(market: MarketAccess, connection: string, sku: string): void {
    for (const channel of market.lookups.channels.values()) {
      if (channel.connection !== connection) continue;
      const key = listingKey(channel.id, sku);
      if (this.#lastPushed.has(key)) this.#lastPushed.set(key, market.observeShown(channel.id, sku));
    }
  }

  #flush(): void {
    this.#flushScheduled = false;
    this.#pushDirty();
  }

  #pushDirty(): void {
    const market = this.#market;
    if (market === undefined) return;
    const now = market.clock.now;
    const byConnection = new Map<string, Array<{ key: string; item: PublishedQuantity }>>();
    for (const { channel, sku } of market.lookups.listings) {
      const key = listingKey(channel.id, sku.id);
      if (!this.#dirty.has(key)) continue;
      // A connection that answered 429 is left alone until its wait ends; its listings stay dirty meanwhile.
      if ((this.#refusedUntil.get(channel.connection) ?? 0) > now) continue;
      this.#dirty.delete(key);
      const quantity = this.intendedQuantity(market.lookups, channel, sku, this.#view, now);
      // Only what changed is pushed: an unchanged value costs no call.
      if (this.#lastPushed.get(key) === quantity) continue;
      const batch = byConnection.get(channel.connection) ?? [];
      batch.push({ key, item: { channel: channel.id, sku: sku.id, quantity } });
      byConnection.set(channel.connection, batch);
    }
    for (const [connection, entries] of byConnection) {
      const batchSize = market.scenario.batchSizes[connection] ?? 1;
      for (let start = 0; start < entries.length; start += batchSize) {
        const batch = entries.slice(start, start + batchSize);
        const outcome = market.publish(
          connection,
          batch.map((entry) => entry.item),
        );
        if (outcome.accepted) {
          this.#refusalStreak.delete(connection);
          for (const entry of batch) this.#lastPushed.set(entry.key, entry.item.quantity);
          continue;
        }
        this.#backOff(market, connection, outcome.retryAfterSeconds, entries.slice(start));
        break;
      }
    }
  }

  /**
   * The runner's answer to a 429: the connection's shared limiter pauses for the Retry-After — doubled for each
   * refusal in a row, at most 30 s — and the flush job is delayed by as much (nothing sleeps). What the job held
   * stays dirty, and the delayed job plans from the state current when it runs (the engine's `planPush`), so a
   * value computed before the 429 is never sent late.
   */
  #backOff(
    market: MarketAccess,
    connection: string,
    retryAfterSeconds: number,
    refused: ReadonlyArray<{ key: string }>,
  ): void {
    for (const entry of refused) this.#dirty.add(entry.key);
    const streak = (this.#refusalStreak.get(connection) ?? 0) + 1;
    this.#refusalStreak.set(connection, streak);
    const waitSeconds = Math.max(
      retryAfterSeconds,
      Math.min(retryAfterSeconds * 2 ** (streak - 1), maximumBackoffSeconds),
    );
    const until = market.clock.now + waitSeconds;
    this.#refusedUntil.set(connection, until);
    market.clock.schedule(until, () => this.#pushDirty());
  }
}

/** The runner's default `rateLimitBackoffMaxMs`, in the simulation's seconds. */
export const maximumBackoffSeconds = 30;

function describe(policy: BufferPolicy): string {
  switch (policy.kind) {
    case 'configured':
      return 'configured buffer';
    case 'none':
      return 'no buffer';
    case 'static':
      return `static buffer ${policy.buffer}`;
    case 'dynamic':
      return `dynamic buffer ${policy.policy.floor}–${policy.policy.ceiling}`;
  }
}
