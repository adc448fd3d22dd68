import {
  type Catalog,
  type ChannelQuantity,
  channelListsSku,
  computeChannelQuantity,
  incomingSchedule,
  type ListingStatus,
  type Position,
  positionKey,
  positionQuantities,
  type StockwireConfiguration,
  sellableQuantity,
} from '@stockwire/model';
import { type AbsenceReason, absenceCause, type ComputedSide, changeCause } from './change-cause.ts';
import { explainChannelQuantity } from './explain-steps.ts';

/** One SKU × channel value that a new configuration would change, against the same live stock. */
export interface DiffRow {
  readonly sku: string;
  readonly channel: string;
  readonly connection: string;
  /** In the connection's units; null when the current configuration computes no value (a new channel). */
  readonly currentQuantity: number | null;
  /** Null when the new configuration computes no value (a removed channel). */
  readonly newQuantity: number | null;
  readonly currentStatus: ListingStatus | null;
  readonly newStatus: ListingStatus | null;
  /** New minus current, a missing value counting 0. */
  readonly delta: number;
  /** The rule that makes the difference (see `changeCause`). */
  readonly rule: string;
  /** Each side's full trace, as the preview's WHY column writes it. */
  readonly currentWhy: string | null;
  readonly newWhy: string | null;
}

/** A configuration and its lookups, built once per run rather than per SKU. */
export interface DiffSide {
  readonly configuration: StockwireConfiguration;
  readonly catalog: Catalog;
}

export interface DiffSides {
  readonly current: DiffSide;
  readonly proposed: DiffSide;
}

/** Every SKU of either configuration: the current one's in its order, then those only the new one has. */
export function skusOfBoth(sides: DiffSides): string[] {
  const ids = sides.current.configuration.skus.map((sku) => sku.id);
  const known = new Set(ids);
  for (const sku of sides.proposed.configuration.skus) if (!known.has(sku.id)) ids.push(sku.id);
  return ids;
}

/** Every channel of either configuration, in the same way. */
export function channelsOfBoth(current: StockwireConfiguration, proposed: StockwireConfiguration): string[] {
  const ids = current.channels.map((channel) => channel.id);
  const known = new Set(ids);
  for (const channel of proposed.channels) if (!known.has(channel.id)) ids.push(channel.id);
  return ids;
}

/** The SKUs whose positions a SKU's value reads: itself, or a kit's components (under either configuration). */
export function stockSkusOf(sides: DiffSides, sku: string): string[] {
  const stock = new Set<string>();
  for (const side of [sides.current, sides.proposed]) {
    const definition = side.catalog.skus.get(sku);
    if (definition === undefined) continue;
    if (definition.kit === undefined) stock.add(sku);
    else for (const component of definition.kit.components) stock.add(component.sku);
  }
  return [...stock];
}

/** Every location either configuration names: a location only the new one sells from still has live stock. */
export function locationsOfBoth(sides: DiffSides): string[] {
  return [...new Set([...sides.current.catalog.locations.keys(), ...sides.proposed.catalog.locations.keys()])];
}

/**
 * The values of one SKU that differ between the two configurations, channel by channel, each computed by the
 * model's `computeChannelQuantity` from the same positions (keyed by `positionKey`), so the difference is the
 * rules' alone. A value the same under both is not returned.
 */
export function diffSku(sides: DiffSides, sku: string, positions: ReadonlyMap<string, Position>, now: Date): DiffRow[] {
  const rows: DiffRow[] = [];
  for (const channel of channelsOfBoth(sides.current.configuration, sides.proposed.configuration)) {
    const current = computeSide(sides.current, channel, sku, positions, now);
    const proposed = computeSide(sides.proposed, channel, sku, positions, now);
    if ('absent' in current && 'absent' in proposed) continue;
    if (!('absent' in current) && !('absent' in proposed)) {
      if (current.result.quantity === proposed.result.quantity && current.result.status === proposed.result.status) {
        continue;
      }
    }
    const rule =
      'absent' in current
        ? absenceCause(current.absent, 'current', channel)
        : 'absent' in proposed
          ? absenceCause(proposed.absent, 'proposed', channel)
          : changeCause(current, proposed);
    const currentQuantity = 'absent' in current ? null : current.result.quantity;
    const newQuantity = 'absent' in proposed ? null : proposed.result.quantity;
    rows.push({
      sku,
      channel,
      connection: ('absent' in proposed ? current : proposed).connection,
      currentQuantity,
      newQuantity,
      currentStatus: 'absent' in current ? null : current.result.status,
      newStatus: 'absent' in proposed ? null : proposed.result.status,
      delta: (newQuantity ?? 0) - (currentQuantity ?? 0),
      rule,
      currentWhy: 'absent' in current ? null : explainChannelQuantity(current.result, current.channel, current.sku),
      newWhy: 'absent' in proposed ? null : explainChannelQuantity(proposed.result, proposed.channel, proposed.sku),
    });
  }
  return rows;
}

type SideValue =
  | (ComputedSide & { readonly connection: string })
  | { readonly absent: AbsenceReason; readonly connection: string };

function computeSide(
  side: DiffSide,
  channelId: string,
  skuId: string,
  positions: ReadonlyMap<string, Position>,
  now: Date,
): SideValue {
  const channel = side.configuration.channels.find((candidate) => candidate.id === channelId);
  if (channel === undefined) return { absent: 'channel', connection: '' };
  const sku = side.catalog.skus.get(skuId);
  if (sku === undefined) return { absent: 'sku', connection: channel.connection };
  if (!channelListsSku(channel, skuId)) return { absent: 'listing', connection: channel.connection };
  const result: ChannelQuantity = computeChannelQuantity({
    channel,
    sku,
    locations: side.catalog.locations,
    skus: side.catalog.skus,
    sellableAt: (stockSku, location) => {
      const position = positions.get(positionKey(stockSku, location));
      return position === undefined ? 0 : sellableQuantity(positionQuantities(position));
    },
    incomingAt: (stockSku, location) => {
      const position = positions.get(positionKey(stockSku, location));
      return position === undefined ? [] : incomingSchedule(position);
    },
    now,
    allocation: side.catalog.allocation,
  });
  return { result, channel, sku, catalog: side.catalog, connection: channel.connection };
}
