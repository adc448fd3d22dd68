import {
  buildCatalog,
  type ChannelQuantityStep,
  type ListingStatus,
  type Position,
  projectChannels,
  type StockwireConfiguration,
  unitsPerConnectionUnit,
} from '@stockwire/model';
import { explainChannelQuantity } from './explain-steps.ts';

/** What one channel would be told about one SKU, and why. */
export interface PreviewRow {
  readonly sku: string;
  readonly channel: string;
  readonly connection: string;
  /** In the connection's units (cases for a connection that counts cases). */
  readonly quantity: number;
  /** Canonical units per connection unit; 1 unless the connection counts packs. */
  readonly unitsPer: number;
  readonly status: ListingStatus;
  /** Sellable canonical units across the channel's active locations, before the channel's policy. */
  readonly sellable: number;
  readonly steps: readonly ChannelQuantityStep[];
  /** The steps as one readable line. */
  readonly why: string;
}

export interface PreviewSelection {
  /** Only these channels; all when empty. */
  readonly channels: readonly string[];
  /** Only these SKUs; all when empty. */
  readonly skus: readonly string[];
}

/**
 * Every selected channel's quantity for every selected SKU, computed by the model's `projectChannels` (the
 * same function the engine's projections are tested against), ordered by SKU then channel as configured.
 */
export function previewRows(
  configuration: StockwireConfiguration,
  positions: ReadonlyMap<string, Position>,
  now: Date,
  selection: PreviewSelection,
): PreviewRow[] {
  const catalog = buildCatalog(configuration);
  const channels = configuration.channels.filter(
    (channel) => selection.channels.length === 0 || selection.channels.includes(channel.id),
  );
  const channelById = new Map(channels.map((channel) => [channel.id, channel]));
  const skuOrder = new Map(configuration.skus.map((sku, index) => [sku.id, index]));
  const channelOrder = new Map(channels.map((channel, index) => [channel.id, index]));

  return projectChannels(catalog, channels, positions, now)
    .filter((result) => selection.skus.length === 0 || selection.skus.includes(result.sku))
    .sort(
      (a, b) =>
        (skuOrder.get(a.sku) ?? 0) - (skuOrder.get(b.sku) ?? 0) ||
        (channelOrder.get(a.channel) ?? 0) - (channelOrder.get(b.channel) ?? 0),
    )
    .map((result) => {
      const channel = channelById.get(result.channel)!;
      const sku = catalog.skus.get(result.sku)!;
      return {
        sku: result.sku,
        channel: result.channel,
        connection: channel.connection,
        quantity: result.quantity,
        unitsPer: unitsPerConnectionUnit(sku, channel.connection),
        status: result.status,
        sellable: result.sellable,
        steps: result.steps,
        why: explainChannelQuantity(result, channel, sku),
      };
    });
}
