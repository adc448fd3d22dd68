import {
  type AllocationContext,
  type Channel,
  type ChannelQuantity,
  type ChannelQuantityInput,
  channelListsSku,
  computeChannelQuantity,
  type Location,
  type Position,
  positionKey,
  positionQuantities,
  resolvePools,
  type Sku,
  sellableQuantity,
} from '@stockwire/model';
import type { Scenario } from './scenario.ts';
import { dateAt } from './simulation-time.ts';

/** Lookups every part of a run needs, built once per scenario. */
export interface CatalogLookups {
  readonly skus: ReadonlyMap<string, Sku>;
  readonly locations: ReadonlyMap<string, Location>;
  readonly channels: ReadonlyMap<string, Channel>;
  /** A SKU and every kit that uses it: the channel SKUs whose quantity a change to it can move. */
  affectedSkus(sku: string): readonly string[];
  /** Every (channel, SKU) the scenario lists, in a fixed order. */
  readonly listings: ReadonlyArray<{ channel: Channel; sku: Sku }>;
  /** The scenario's pools resolved as the engine's catalog resolves them; absent when it has none. */
  readonly allocation?: AllocationContext | undefined;
}

export function buildCatalogLookups(scenario: Scenario): CatalogLookups {
  const skus = new Map(scenario.skus.map((sku) => [sku.id, sku]));
  const kitsByComponent = new Map<string, string[]>();
  for (const sku of scenario.skus) {
    for (const component of sku.kit?.components ?? []) {
      kitsByComponent.set(component.sku, [...(kitsByComponent.get(component.sku) ?? []), sku.id]);
    }
  }
  const listings = scenario.channels.flatMap((channel) =>
    scenario.skus.filter((sku) => channelListsSku(channel, sku.id)).map((sku) => ({ channel, sku })),
  );
  // The same resolution and the same shape as the model's `buildCatalog`, so the engine and the simulator allocate
  // from identical pools: the allocation lists the scenario's own channels, not a system's adjusted copy.
  const pools = resolvePools(scenario.allocation, scenario.locations);
  return {
    skus,
    locations: new Map(scenario.locations.map((location) => [location.id, location])),
    channels: new Map(scenario.channels.map((channel) => [channel.id, channel])),
    affectedSkus: (sku) => [sku, ...(kitsByComponent.get(sku) ?? [])],
    listings,
    ...(pools.length > 0 ? { allocation: { pools, channels: scenario.channels } } : {}),
  };
}

export type SellableAt = (sku: string, location: string) => number;

/** One side's picture of stock: sellable units per SKU and location, and which locations are online. */
export interface StockView {
  readonly sellableAt: SellableAt;
  readonly locations: ReadonlyMap<string, Location>;
}

export function sellableFrom(positions: ReadonlyMap<string, Position>): SellableAt {
  return (sku, location) => {
    const position = positions.get(positionKey(sku, location));
    return position === undefined ? 0 : sellableQuantity(positionQuantities(position));
  };
}

/** The model's channel quantity, so every system that follows rules follows exactly the engine's rules. */
export function channelQuantity(
  lookups: CatalogLookups,
  channel: Channel,
  sku: Sku,
  view: StockView,
  seconds: number,
  demand?: ChannelQuantityInput['demand'],
): ChannelQuantity {
  return computeChannelQuantity({
    demand,
    channel,
    sku,
    locations: view.locations,
    skus: lookups.skus,
    sellableAt: view.sellableAt,
    now: dateAt(seconds),
    allocation: lookups.allocation,
  });
}

export function listingKey(channel: string, sku: string): string {
  return `${channel}\u0000${sku}`;
}
