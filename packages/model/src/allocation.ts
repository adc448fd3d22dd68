import { z } from 'zod';
import { type Channel, channelListsSku } from './channel.ts';
import { ChannelIdSchema, LocationIdSchema, NonNegativeQuantitySchema, SkuIdSchema } from './identifiers.ts';

/**
 * Stock of a pool of locations held for one channel: a wholesale contract's 200 units, a fifth for a marketplace.
 * Exactly one of `quantity` (units per SKU) or `percentage` (of the pool's sellable units per SKU, rounded down).
 */
export const AllocationReservationSchema = z
  .strictObject({
    channel: ChannelIdSchema,
    quantity: NonNegativeQuantitySchema.optional(),
    percentage: z.number().int().min(0).max(100).optional(),
    /** The SKUs reserved (`*`: every SKU the channel lists). Kits are allocated through their components. */
    skus: z.union([z.literal('*'), z.array(SkuIdSchema).min(1)]).default('*'),
  })
  .refine((reservation) => (reservation.quantity === undefined) !== (reservation.percentage === undefined), {
    message: 'give exactly one of quantity or percentage',
  });
export type AllocationReservation = z.infer<typeof AllocationReservationSchema>;

/**
 * Named locations whose stock is allocated together. A channel sells from all of a pool's locations or none; each
 * channel with a reservation may sell its ring-fenced units plus the pool's unreserved rest, every other channel
 * only the rest. When the pool holds less than the reservations ask for, reservations are served in `priority`
 * order (then the remaining reserved channels by id), each as much as is left.
 */
export const AllocationPoolSchema = z
  .strictObject({
    id: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@#+-]*$/, 'a pool id may use letters, digits and . _ : / @ # + -'),
    /** The pool's locations; or `region` instead. */
    locations: z.array(LocationIdSchema).min(1).optional(),
    /** Every location of this region (the locations' `region`), instead of listing them. */
    region: z.string().min(1).optional(),
    reservations: z.array(AllocationReservationSchema).default([]),
    /** Reserved channels served first when stock is scarce, highest first. */
    priority: z.array(ChannelIdSchema).default([]),
  })
  .refine((pool) => (pool.locations === undefined) !== (pool.region === undefined), {
    message: 'give exactly one of locations or region',
  });
export type AllocationPool = z.infer<typeof AllocationPoolSchema>;
/** A pool with its locations resolved (a region pool's are the region's locations). */
export type ResolvedAllocationPool = AllocationPool & { readonly locations: readonly string[] };

/** The pools with a region pool's locations filled in: every location of that region, in configuration order. */
export function resolvePools(
  allocation: AllocationConfiguration | undefined,
  locations: ReadonlyArray<{ readonly id: string; readonly region?: string | undefined }>,
): ResolvedAllocationPool[] {
  return (allocation?.pools ?? []).map((pool) => ({
    ...pool,
    locations:
      pool.locations ?? locations.filter((location) => location.region === pool.region).map((location) => location.id),
  }));
}

export const AllocationConfigurationSchema = z.strictObject({
  pools: z.array(AllocationPoolSchema).default([]),
});
export type AllocationConfiguration = z.infer<typeof AllocationConfigurationSchema>;
export type AllocationConfigurationInput = z.input<typeof AllocationConfigurationSchema>;

/** What a channel computation needs to allocate: the pools and every channel (to know who lists a SKU). */
export interface AllocationContext {
  readonly pools: readonly ResolvedAllocationPool[];
  readonly channels: readonly Channel[];
}

/** How one SKU's stock in one pool is split: ring-fenced units per channel and the shared rest. */
export interface PoolAllocation {
  readonly pool: string;
  readonly sku: string;
  /** Sellable units at the pool's active locations. */
  readonly total: number;
  /** Ring-fenced units granted per reserved channel, in the order they were served. */
  readonly fences: ReadonlyArray<{ channel: string; requested: number; granted: number }>;
  /** Units not ring-fenced, which every channel selling from the pool may sell. */
  readonly rest: number;
}

function reservationFor(pool: ResolvedAllocationPool, channel: string, sku: string): AllocationReservation | undefined {
  return pool.reservations.find(
    (reservation) => reservation.channel === channel && (reservation.skus === '*' || reservation.skus.includes(sku)),
  );
}

/**
 * Splits a pool's `total` sellable units of a SKU. Deterministic whatever the order of reservations or channels:
 * priority channels first, in the listed order, then the other reserved channels by id. Never grants more than
 * `total`: fences plus the rest add up to exactly `total`.
 */
export function allocatePool(
  pool: ResolvedAllocationPool,
  sku: string,
  total: number,
  channels: readonly Channel[],
): PoolAllocation {
  const available = Math.max(0, total);
  const listing = new Set(channels.filter((channel) => channelListsSku(channel, sku)).map((channel) => channel.id));
  const reserved = [...new Set(pool.reservations.map((reservation) => reservation.channel))].filter(
    (channel) => listing.has(channel) && reservationFor(pool, channel, sku) !== undefined,
  );
  const prioritised = pool.priority.filter(
    (channel, index) => reserved.includes(channel) && pool.priority.indexOf(channel) === index,
  );
  const others = reserved
    .filter((channel) => !prioritised.includes(channel))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let left = available;
  const fences: Array<{ channel: string; requested: number; granted: number }> = [];
  for (const channel of [...prioritised, ...others]) {
    const reservation = reservationFor(pool, channel, sku);
    if (reservation === undefined) continue;
    const requested = reservation.quantity ?? Math.floor((available * (reservation.percentage ?? 0)) / 100);
    const granted = Math.min(requested, left);
    left -= granted;
    fences.push({ channel, requested, granted });
  }
  return { pool: pool.id, sku, total: available, fences, rest: left };
}

/** The units of a pool allocation one channel may sell: its own fence plus the rest. */
export function channelShare(allocation: PoolAllocation, channel: string): { fenced: number; shared: number } {
  const fenced = allocation.fences.find((fence) => fence.channel === channel)?.granted ?? 0;
  return { fenced, shared: allocation.rest };
}

/** One line for the "why this number" view. */
export function describeAllocation(allocation: PoolAllocation, channel: string): string {
  const { fenced, shared } = channelShare(allocation, channel);
  const fences = allocation.fences
    .map(
      (fence) => `${fence.channel} ${fence.granted}${fence.granted < fence.requested ? ` of ${fence.requested}` : ''}`,
    )
    .join(', ');
  return (
    `pool ${allocation.pool}: ${allocation.total} sellable` +
    (fences === '' ? '' : `, ring-fenced ${fences}`) +
    `, ${allocation.rest} shared; this channel ${fenced} ring-fenced + ${shared} shared`
  );
}

/** The pools a channel sells from (it sells from all of their locations, which the configuration checks). */
export function poolsOfChannel(pools: readonly ResolvedAllocationPool[], channel: Channel): ResolvedAllocationPool[] {
  return pools.filter((pool) => pool.locations.some((location) => channel.locations.includes(location)));
}

type Issue = (path: Array<string | number>, message: string) => void;

/** Cross-reference checks for `allocation`, called from the configuration's own checks. */
export function checkAllocation(
  allocation: AllocationConfiguration,
  known: {
    readonly locations: ReadonlyArray<{ readonly id: string; readonly region?: string | undefined }>;
    readonly skus: ReadonlyMap<string, { kit?: unknown }>;
    readonly channels: readonly Channel[];
  },
  issue: Issue,
): void {
  const poolIds = new Set<string>();
  const poolOfLocation = new Map<string, string>();
  const channelById = new Map(known.channels.map((channel) => [channel.id, channel]));
  const locationIds = new Set(known.locations.map((location) => location.id));
  resolvePools(allocation, known.locations).forEach((pool, poolIndex) => {
    const path = ['allocation', 'pools', poolIndex];
    if (poolIds.has(pool.id)) issue([...path, 'id'], `duplicate pool id "${pool.id}"`);
    poolIds.add(pool.id);
    if (pool.region !== undefined && pool.locations.length === 0) {
      issue([...path, 'region'], `no location has region "${pool.region}"`);
    }
    pool.locations.forEach((location, locationIndex) => {
      const at = pool.region === undefined ? [...path, 'locations', locationIndex] : [...path, 'region'];
      if (!locationIds.has(location)) issue(at, `unknown location "${location}"`);
      const owner = poolOfLocation.get(location);
      if (owner !== undefined) issue(at, `location "${location}" is already in pool "${owner}"`);
      poolOfLocation.set(location, pool.id);
    });
    for (const channel of known.channels) {
      const inPool = pool.locations.filter((location) => channel.locations.includes(location));
      const missing = pool.locations.filter((location) => !channel.locations.includes(location));
      if (inPool.length > 0 && missing.length > 0) {
        issue(
          [...path, pool.region === undefined ? 'locations' : 'region'],
          `channel "${channel.id}" sells from ${inPool.join(', ')} but not ${missing.join(', ')}: a channel sells from all of a pool's locations or none`,
        );
      }
    }
    pool.reservations.forEach((reservation, reservationIndex) => {
      const at = [...path, 'reservations', reservationIndex];
      const channel = channelById.get(reservation.channel);
      if (channel === undefined) issue([...at, 'channel'], `unknown channel "${reservation.channel}"`);
      else if (!pool.locations.every((location) => channel.locations.includes(location))) {
        issue([...at, 'channel'], `channel "${reservation.channel}" does not sell from pool "${pool.id}"`);
      }
      if (reservation.skus !== '*') {
        reservation.skus.forEach((sku, skuIndex) => {
          const found = known.skus.get(sku);
          if (found === undefined) issue([...at, 'skus', skuIndex], `unknown SKU "${sku}"`);
          else if (found.kit !== undefined) {
            issue([...at, 'skus', skuIndex], `"${sku}" is a kit; reserve its components instead`);
          }
        });
      }
      pool.reservations.slice(0, reservationIndex).forEach((earlier) => {
        if (earlier.channel !== reservation.channel) return;
        const overlaps =
          earlier.skus === '*' ||
          reservation.skus === '*' ||
          earlier.skus.some((sku) => reservation.skus.includes(sku));
        if (overlaps) {
          issue(
            [...at, 'skus'],
            `channel "${reservation.channel}" already has a reservation for these SKUs in this pool`,
          );
        }
      });
    });
    const seen = new Set<string>();
    pool.priority.forEach((channel, priorityIndex) => {
      const at = [...path, 'priority', priorityIndex];
      if (seen.has(channel)) issue(at, `channel "${channel}" is listed twice`);
      seen.add(channel);
      if (!channelById.has(channel)) issue(at, `unknown channel "${channel}"`);
      else if (!pool.reservations.some((reservation) => reservation.channel === channel)) {
        issue(at, `channel "${channel}" has no reservation in this pool; priority orders reservations`);
      }
    });
  });
}
