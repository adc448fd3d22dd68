import { positionKey } from './apply-event.ts';
import type { Catalog } from './catalog.ts';
import { type Channel, channelListsSku } from './channel.ts';
import { type ChannelQuantity, computeChannelQuantity } from './channel-quantity.ts';
import { incomingSchedule, type Position, positionQuantities } from './position.ts';
import { sellableQuantity } from './quantity-states.ts';

/**
 * Every channel's quantity for every SKU, from in-memory positions. The engine computes the same numbers
 * incrementally; this whole-catalog form serves previews, tests and simulations.
 */
export function projectChannels(
  catalog: Catalog,
  channels: readonly Channel[],
  positions: ReadonlyMap<string, Position>,
  now: Date,
): ChannelQuantity[] {
  const sellableCache = new Map<string, number>();
  const sellableAt = (sku: string, location: string) => {
    const key = positionKey(sku, location);
    let sellable = sellableCache.get(key);
    if (sellable === undefined) {
      const position = positions.get(key);
      sellable = position === undefined ? 0 : sellableQuantity(positionQuantities(position));
      sellableCache.set(key, sellable);
    }
    return sellable;
  };
  const incomingAt = (sku: string, location: string) => {
    const position = positions.get(positionKey(sku, location));
    return position === undefined ? [] : incomingSchedule(position);
  };
  const results: ChannelQuantity[] = [];
  for (const channel of channels) {
    for (const sku of catalog.skus.values()) {
      if (!channelListsSku(channel, sku.id)) continue;
      results.push(
        computeChannelQuantity({
          channel,
          sku,
          locations: catalog.locations,
          skus: catalog.skus,
          sellableAt,
          incomingAt,
          now,
          allocation: catalog.allocation,
        }),
      );
    }
  }
  return results;
}
