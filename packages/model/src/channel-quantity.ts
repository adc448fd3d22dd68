import {
  type AllocationContext,
  allocatePool,
  channelShare,
  describeAllocation,
  poolsOfChannel,
} from './allocation.ts';
import { type Channel, effectivePolicy, type ListingStatus } from './channel.ts';
import { type DynamicBufferDemand, describeDynamicBuffer, sizeDynamicBuffer } from './dynamic-buffer.ts';
import { kitQuantityAtLocation } from './kit.ts';
import type { Location } from './location.ts';
import type { Sku } from './sku.ts';
import { toConnectionUnits, unitsPerConnectionUnit } from './unit-conversion.ts';

/** One rule that shaped the published quantity, for the "why this number" view. */
export interface ChannelQuantityStep {
  readonly rule: string;
  readonly detail: string;
  readonly quantity: number;
}

export interface ChannelQuantity {
  readonly channel: string;
  readonly sku: string;
  /** In the channel connection's units; never negative. */
  readonly quantity: number;
  readonly status: ListingStatus;
  /** Sellable canonical units across the channel's active locations, after allocation, before the policy. */
  readonly sellable: number;
  readonly steps: readonly ChannelQuantityStep[];
}

export interface ChannelQuantityInput {
  readonly channel: Channel;
  readonly sku: Sku;
  readonly locations: ReadonlyMap<string, Location>;
  /** Canonical SKU lookup, for kit components. */
  readonly skus: ReadonlyMap<string, Sku>;
  /** Sellable canonical units of a (non-kit) SKU at a location. */
  readonly sellableAt: (sku: string, location: string) => number;
  /** Open expected deliveries of a SKU at a location. */
  readonly incomingAt?: (sku: string, location: string) => ReadonlyArray<{ quantity: number; expectedAt: string }>;
  /** Reference time for preorder horizons. */
  readonly now: Date;
  /** Pools and reservations (`allocation` in the configuration); absent or without pools: no allocation. */
  readonly allocation?: AllocationContext | undefined;
  /**
   * For a `dynamicBuffer`: what this channel sold of this SKU within the window and its connection's measured push
   * latency. Absent: nothing sold and no latency measured, so the buffer is its floor (plus any extra latency).
   */
  readonly demand?: ((windowMinutes: number) => DynamicBufferDemand) | undefined;
  /**
   * `false`: leave `steps` empty. The engine's projection computes every channel of every applied SKU and keeps
   * only the numbers (the trace is recomputed when someone asks why); building the trace's text for nothing was
   * about 2 % of the runner's busy CPU in a profile of Shopify convergence (#14). Default `true`.
   */
  readonly explain?: boolean | undefined;
}

const dayMs = 86_400_000;

/**
 * The quantity and status a channel should show for a SKU, with each rule that produced it. Pure, and the only
 * place this is decided: the engine, the preview and the simulator all call it.
 */
export function computeChannelQuantity(input: ChannelQuantityInput): ChannelQuantity {
  const { channel, sku } = input;
  const policy = effectivePolicy(channel, sku.id);
  const explain = input.explain !== false;
  const steps: ChannelQuantityStep[] = [];
  const finish = (quantity: number, status: ListingStatus, sellable: number): ChannelQuantity => ({
    channel: channel.id,
    sku: sku.id,
    quantity: Math.max(0, quantity),
    status,
    sellable,
    steps,
  });

  if (sku.discontinued) {
    if (explain) steps.push({ rule: 'discontinued', detail: 'the SKU is discontinued', quantity: 0 });
    return finish(0, 'discontinued', 0);
  }
  if (policy.listing === 'disabled') {
    if (explain) steps.push({ rule: 'disabled', detail: 'the listing is disabled on this channel', quantity: 0 });
    return finish(0, 'disabled', 0);
  }

  const activeLocations: string[] = [];
  const skipped: string[] = [];
  for (const locationId of channel.locations) {
    const location = input.locations.get(locationId);
    if (location?.status === 'active') activeLocations.push(locationId);
    else skipped.push(locationId);
  }
  const perLocation = activeLocations.map((location) => ({ location, sellable: sellableOfSku(input, sku, location) }));
  const present = perLocation.reduce((total, entry) => total + entry.sellable, 0);
  if (explain)
    steps.push({
      rule: sku.kit ? 'kit-per-location' : 'sellable',
      detail:
        perLocation.map((entry) => `${entry.location}=${entry.sellable}`).join(' + ') +
        (skipped.length > 0 ? ` (offline: ${skipped.join(', ')})` : ''),
      quantity: present,
    });
  const sellable = allocatedSellable(input, perLocation, present, explain ? steps : undefined);

  let quantity = sellable;
  if (policy.percentage < 100) {
    quantity = Math.floor((quantity * policy.percentage) / 100);
    if (explain) steps.push({ rule: 'percentage', detail: `${policy.percentage}% rounded down`, quantity });
  }
  if (policy.dynamicBuffer !== undefined) {
    const demand = input.demand?.(policy.dynamicBuffer.windowMinutes) ?? {
      unitsSold: 0,
      measuredLatencySeconds: undefined,
    };
    const size = sizeDynamicBuffer(policy.dynamicBuffer, demand);
    quantity = Math.max(0, quantity - size.units);
    if (explain)
      steps.push({
        rule: 'dynamic-buffer',
        detail: `${describeDynamicBuffer(size)}: minus ${size.units} held back`,
        quantity,
      });
  } else if (policy.buffer > 0) {
    quantity = Math.max(0, quantity - policy.buffer);
    if (explain) steps.push({ rule: 'buffer', detail: `minus ${policy.buffer} held back`, quantity });
  }
  if (policy.maximum !== undefined && quantity > policy.maximum) {
    quantity = policy.maximum;
    if (explain) steps.push({ rule: 'maximum', detail: `capped at ${policy.maximum}`, quantity });
  }
  if (quantity > 0 && quantity < policy.zeroBelow) {
    quantity = 0;
    if (explain) steps.push({ rule: 'zero-below', detail: `below ${policy.zeroBelow}, shown as 0`, quantity });
  }

  let status: ListingStatus = quantity > 0 ? 'in-stock' : 'out-of-stock';
  if (quantity === 0 && policy.preorder !== undefined && !sku.kit && input.incomingAt !== undefined) {
    const horizon = input.now.getTime() + policy.preorder.horizonDays * dayMs;
    let incoming = 0;
    for (const location of activeLocations) {
      for (const delivery of input.incomingAt(sku.id, location)) {
        if (Date.parse(delivery.expectedAt) <= horizon) incoming += Math.max(0, delivery.quantity);
      }
    }
    if (incoming > 0) {
      quantity = policy.preorder.limit === undefined ? incoming : Math.min(incoming, policy.preorder.limit);
      status = 'preorder';
      if (explain)
        steps.push({
          rule: 'preorder',
          detail: `${incoming} incoming within ${policy.preorder.horizonDays} days${policy.preorder.limit === undefined ? '' : `, limit ${policy.preorder.limit}`}`,
          quantity,
        });
    }
  }
  if (quantity === 0 && status === 'out-of-stock' && policy.backorder !== undefined && policy.backorder.limit > 0) {
    quantity = policy.backorder.limit;
    status = 'backorder';
    if (explain)
      steps.push({ rule: 'backorder', detail: `backorders allowed up to ${policy.backorder.limit}`, quantity });
  }

  const unitsPer = unitsPerConnectionUnit(sku, channel.connection);
  if (unitsPer > 1) {
    quantity = toConnectionUnits(quantity, unitsPer);
    if (explain) steps.push({ rule: 'unit-conversion', detail: `in units of ${unitsPer}, rounded down`, quantity });
    // Less than one whole unit of the channel's measure is nothing to sell, whatever rule produced it.
    if (quantity === 0) status = 'out-of-stock';
  }
  return finish(quantity, status, sellable);
}

function sellableOfSku(input: ChannelQuantityInput, sku: Sku, location: string): number {
  if (sku.kit === undefined) return Math.max(0, input.sellableAt(sku.id, location));
  return kitQuantityAtLocation(sku.kit.components, (component) => Math.max(0, input.sellableAt(component, location)));
}

/**
 * The channel's sellable units once the pools it sells from are allocated: outside any pool as before, from each
 * pool its own ring-fenced units plus the pool's shared rest. A kit is bounded by its components' allocations too,
 * so another channel's ring-fenced components never reach it through a kit.
 */
function allocatedSellable(
  input: ChannelQuantityInput,
  perLocation: ReadonlyArray<{ location: string; sellable: number }>,
  present: number,
  /** Undefined when not explaining: the allocation text is not built. */
  steps: ChannelQuantityStep[] | undefined,
): number {
  const { allocation, channel, sku } = input;
  if (allocation === undefined || allocation.pools.length === 0) return present;
  const pools = poolsOfChannel(allocation.pools, channel);
  if (pools.length === 0) return present;
  let sellable = present;
  const details: string[] = [];
  for (const pool of pools) {
    const inPool = perLocation.filter((entry) => pool.locations.includes(entry.location));
    const poolSellable = inPool.reduce((total, entry) => total + entry.sellable, 0);
    let share: number;
    if (sku.kit === undefined) {
      const split = allocatePool(pool, sku.id, poolSellable, allocation.channels);
      const { fenced, shared } = channelShare(split, channel.id);
      share = Math.min(poolSellable, fenced + shared);
      if (steps !== undefined) details.push(describeAllocation(split, channel.id));
    } else {
      const available = new Map<string, number>();
      for (const component of sku.kit.components) {
        const total = inPool.reduce(
          (sum, entry) => sum + Math.max(0, input.sellableAt(component.sku, entry.location)),
          0,
        );
        const split = allocatePool(pool, component.sku, total, allocation.channels);
        const { fenced, shared } = channelShare(split, channel.id);
        available.set(component.sku, fenced + shared);
        if (steps !== undefined) details.push(`${component.sku}: ${describeAllocation(split, channel.id)}`);
      }
      const bound = kitQuantityAtLocation(sku.kit.components, (component) => available.get(component) ?? 0);
      share = Math.min(poolSellable, bound);
    }
    sellable -= poolSellable - share;
  }
  steps?.push({ rule: 'allocation', detail: details.join('; '), quantity: sellable });
  return sellable;
}
