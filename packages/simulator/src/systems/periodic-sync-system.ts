import type { Channel, InventoryEvent, Sku } from '@stockwire/model';
import { type CatalogLookups, channelQuantity, type StockView } from '../catalog-lookups.ts';
import type { MarketAccess, PublishedQuantity, SyncSystem } from '../sync-system.ts';

/**
 * The common setting of today's sync tools: every `intervalSeconds` read the ERP's available stock and copy it
 * to every channel, whole catalog, in full batches. Events in between are not listened to.
 */
export class PeriodicSyncSystem implements SyncSystem {
  readonly name: string;

  readonly intervalSeconds: number;

  constructor(intervalSeconds: number) {
    this.intervalSeconds = intervalSeconds;
    this.name = `periodic sync every ${intervalSeconds / 60} min`;
  }

  intendedQuantity(lookups: CatalogLookups, channel: Channel, sku: Sku, view: StockView, seconds: number): number {
    return copiedSellable(lookups, channel, sku, view, seconds);
  }

  start(market: MarketAccess): void {
    for (let at = 0; at < market.scenario.durationSeconds; at += this.intervalSeconds) {
      market.clock.schedule(at, () => this.#sync(market));
    }
  }

  deliver(_event: InventoryEvent): void {
    // A batch sync does not listen to events: it reads a full export on its schedule.
  }

  #sync(market: MarketAccess): void {
    const byConnection = new Map<string, PublishedQuantity[]>();
    for (const { channel, sku } of market.lookups.listings) {
      const batch = byConnection.get(channel.connection) ?? [];
      batch.push({ channel: channel.id, sku: sku.id, quantity: market.trueSellable(channel, sku) });
      byConnection.set(channel.connection, batch);
    }
    for (const [connection, quantities] of byConnection) {
      const batchSize = market.scenario.batchSizes[connection] ?? 1;
      for (let start = 0; start < quantities.length; start += batchSize) {
        const outcome = market.publish(connection, quantities.slice(start, start + batchSize));
        // A scheduled export job that meets a 429 logs it and ends this connection's run: the next cycle copies
        // the whole catalog again anyway, so nothing is queued and a cycle that falls in a storm is simply lost.
        if (!outcome.accepted) break;
      }
    }
  }
}

/**
 * A plain copy of sellable stock across the channel's active locations: no percentage, buffer, threshold or
 * ring-fenced pool (a copying tool knows nothing of allocation rules).
 */
export function copiedSellable(
  lookups: CatalogLookups,
  channel: Channel,
  sku: Sku,
  view: StockView,
  seconds: number,
): number {
  return channelQuantity({ ...lookups, allocation: undefined }, channel, sku, view, seconds).sellable;
}
