import { type Channel, type InventoryEvent, positionKey, type Sku } from '@stockwire/model';
import type { CatalogLookups, StockView } from '../catalog-lookups.ts';
import type { MarketAccess, SyncSystem } from '../sync-system.ts';
import { copiedSellable } from './periodic-sync-system.ts';

/**
 * A naive real-time sync: keeps an on-hand counter per SKU and location, applies every event as it arrives
 * (a duplicate counts twice, a late count overwrites newer changes), ignores reservations, and pushes the new
 * on-hand of each affected listing one call at a time. Kits are computed from component totals, not per location.
 */
export class NaiveSyncSystem implements SyncSystem {
  readonly name = 'naive real-time sync';
  readonly #onHand = new Map<string, number>();
  #market: MarketAccess | undefined;

  readonly pushLatencySeconds: number;

  constructor(pushLatencySeconds: number) {
    this.pushLatencySeconds = pushLatencySeconds;
  }

  intendedQuantity(lookups: CatalogLookups, channel: Channel, sku: Sku, view: StockView, seconds: number): number {
    return copiedSellable(lookups, channel, sku, view, seconds);
  }

  start(market: MarketAccess): void {
    this.#market = market;
    for (const { channel, sku } of market.lookups.listings) this.#push(market, channel, sku);
  }

  deliver(event: InventoryEvent): void {
    const key = positionKey(event.sku, event.location);
    const onHand = this.#onHand.get(key) ?? 0;
    switch (event.kind) {
      case 'receipt':
      case 'transfer-in':
        this.#onHand.set(key, onHand + event.quantity);
        break;
      case 'shipment':
      case 'transfer-out':
        this.#onHand.set(key, onHand - event.quantity);
        break;
      case 'adjustment':
        this.#onHand.set(key, onHand + event.change);
        break;
      case 'return-received':
        // Every return goes back on the shelf: dispositions are not read.
        this.#onHand.set(key, onHand + event.quantity);
        break;
      case 'cycle-count':
        this.#onHand.set(key, event.counted);
        break;
      case 'snapshot':
        if (event.quantities.onHand !== undefined) this.#onHand.set(key, event.quantities.onHand);
        break;
      default:
        // Reservations, holds and expected deliveries are not on-hand movements, so nothing changes.
        return;
    }
    const market = this.#market;
    if (market === undefined) return;
    for (const affected of market.lookups.affectedSkus(event.sku)) {
      for (const { channel, sku } of market.lookups.listings) {
        if (sku.id !== affected) continue;
        const quantity = this.#copiedOnHand(channel, sku);
        // A refused push (429) is lost: the naive sync pushes from its webhook handler, which has already
        // answered the webhook, and keeps no queue to retry from, so the failure is logged and the listing stays
        // wrong until its next event. That is how hand-rolled webhook-to-API bridges commonly behave; a client
        // that retried inline would hold the webhook open past the sender's timeout and be redelivered anyway.
        market.clock.schedule(market.clock.now + this.pushLatencySeconds, () => {
          market.publish(channel.connection, [{ channel: channel.id, sku: sku.id, quantity }]);
        });
      }
    }
  }

  #push(market: MarketAccess, channel: Channel, sku: Sku): void {
    market.publish(channel.connection, [
      { channel: channel.id, sku: sku.id, quantity: this.#copiedOnHand(channel, sku) },
    ]);
  }

  #copiedOnHand(channel: Channel, sku: Sku): number {
    const totalOf = (skuId: string) =>
      channel.locations.reduce((total, location) => total + (this.#onHand.get(positionKey(skuId, location)) ?? 0), 0);
    const components = sku.kit?.components;
    const quantity =
      components === undefined
        ? totalOf(sku.id)
        : Math.min(...components.map((component) => Math.floor(totalOf(component.sku) / component.quantity)));
    return Math.max(0, quantity);
  }
}
