import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AllocationPoolSchema, allocatePool, type ResolvedAllocationPool } from './allocation.ts';
import { type Channel, ChannelSchema } from './channel.ts';
import { computeChannelQuantity } from './channel-quantity.ts';
import { type Location, LocationSchema } from './location.ts';
import { type Sku, SkuSchema } from './sku.ts';

const channelIds = ['web', 'wholesale', 'amazon', 'ebay'] as const;
const poolLocations = ['wh-1', 'wh-2', 'wh-3'];
const locations = new Map<string, Location>(
  [...poolLocations, 'shop'].map((id, index) => [
    id,
    LocationSchema.parse({ id, kind: 'warehouse', status: index === 2 ? 'offline' : 'active' }),
  ]),
);
const sku: Sku = SkuSchema.parse({ id: 'SKU-1' });
const skus = new Map([[sku.id, sku]]);
const now = new Date('2026-11-27T00:00:00Z');

const scenario = fc.record({
  stock: fc.record({
    'wh-1': fc.integer({ min: -5, max: 400 }),
    'wh-2': fc.integer({ min: 0, max: 400 }),
    'wh-3': fc.integer({ min: 0, max: 400 }),
    shop: fc.integer({ min: 0, max: 50 }),
  }),
  reservations: fc.uniqueArray(
    fc.record({
      channel: fc.constantFrom(...channelIds),
      amount: fc.oneof(
        fc.record({ quantity: fc.integer({ min: 0, max: 500 }) }),
        fc.record({ percentage: fc.integer({ min: 0, max: 100 }) }),
      ),
    }),
    { selector: (reservation) => reservation.channel, maxLength: 4 },
  ),
  priority: fc.shuffledSubarray([...channelIds]),
  policies: fc.array(
    fc.record({
      percentage: fc.oneof(fc.constant(100), fc.integer({ min: 0, max: 100 })),
      buffer: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 20 })),
    }),
    { minLength: 4, maxLength: 4 },
  ),
  /** Whether each channel also sells from the shop, outside the pool. */
  shop: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  seed: fc.nat(),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function poolOf(input: Scenario): ResolvedAllocationPool {
  const reserved = new Set(input.reservations.map((reservation) => reservation.channel));
  return resolved({
    id: 'central',
    locations: poolLocations,
    reservations: input.reservations.map((reservation) => ({ channel: reservation.channel, ...reservation.amount })),
    priority: input.priority.filter((channel) => reserved.has(channel)),
  });
}

function resolved(pool: unknown): ResolvedAllocationPool {
  return { ...AllocationPoolSchema.parse(pool), locations: poolLocations };
}

function channelsOf(input: Scenario): Channel[] {
  return channelIds.map((id, index) =>
    ChannelSchema.parse({
      id,
      connection: id,
      locations: input.shop[index] ? [...poolLocations, 'shop'] : poolLocations,
      policy: input.policies[index],
    }),
  );
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed + 1;
  for (let index = copy.length - 1; index > 0; index--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

function compute(pool: ResolvedAllocationPool, channels: readonly Channel[], stock: Record<string, number>) {
  const result = new Map<string, number>();
  for (const channel of channels) {
    const computed = computeChannelQuantity({
      channel,
      sku,
      locations,
      skus,
      sellableAt: (_sku, location) => stock[location] ?? 0,
      now,
      allocation: { pools: [pool], channels },
    });
    result.set(channel.id, computed.quantity);
  }
  return result;
}

/** Sellable units in the pool: its active locations, negatives counting as nothing. */
function poolTotal(stock: Record<string, number>): number {
  return poolLocations
    .filter((location) => locations.get(location)?.status === 'active')
    .reduce((sum, location) => sum + Math.max(0, stock[location] ?? 0), 0);
}

/** What a channel draws from the pool: its quantity less what it may sell from the shop. */
function fromPool(input: Scenario, channelIndex: number, quantity: number): number {
  return Math.max(0, quantity - (input.shop[channelIndex] ? input.stock.shop : 0));
}

describe('allocation (property-based)', () => {
  it('never allocates more than the pool: the ring-fences and the shared rest add up to it exactly', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const total = poolTotal(input.stock);
        const split = allocatePool(poolOf(input), sku.id, total, channelsOf(input));
        expect(split.fences.reduce((sum, fence) => sum + fence.granted, 0) + split.rest).toBe(total);
        for (const fence of split.fences) expect(fence.granted).toBeLessThanOrEqual(fence.requested);
      }),
      { numRuns: 300 },
    );
  });

  it('the sum of all channels’ quantities drawn from the pool, the shared rest counted once, never exceeds the pool', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const channels = channelsOf(input);
        const pool = poolOf(input);
        const total = poolTotal(input.stock);
        const shown = compute(pool, channels, input.stock);
        const { rest } = allocatePool(pool, sku.id, total, channels);
        // Each channel draws its own ring-fence plus at most the rest; above the rest, a draw is exclusive.
        const exclusive = channelIds.reduce(
          (sum, id, index) => sum + Math.max(0, fromPool(input, index, shown.get(id) ?? 0) - rest),
          0,
        );
        expect(exclusive + rest).toBeLessThanOrEqual(total);
        // With the rest spoken for by no one (every unit ring-fenced), the plain sum never exceeds the pool.
        if (rest === 0) {
          const plain = channelIds.reduce((sum, id, index) => sum + fromPool(input, index, shown.get(id) ?? 0), 0);
          expect(plain).toBeLessThanOrEqual(total);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('ring-fenced stock is never published to another channel', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const channels = channelsOf(input);
        const pool = poolOf(input);
        const total = poolTotal(input.stock);
        const shown = compute(pool, channels, input.stock);
        const { fences } = allocatePool(pool, sku.id, total, channels);
        channelIds.forEach((id, index) => {
          const othersFenced = fences
            .filter((fence) => fence.channel !== id)
            .reduce((sum, fence) => sum + fence.granted, 0);
          expect(fromPool(input, index, shown.get(id) ?? 0) + othersFenced).toBeLessThanOrEqual(total);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic whatever the order of reservations, pool locations and channels', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const pool = poolOf(input);
        const channels = channelsOf(input);
        const reordered: ResolvedAllocationPool = {
          ...pool,
          locations: shuffled(pool.locations, input.seed),
          reservations: shuffled(pool.reservations, input.seed + 7),
        };
        const reorderedChannels = shuffled(channels, input.seed + 13);
        const first = compute(pool, channels, input.stock);
        const second = compute(reordered, reorderedChannels, input.stock);
        for (const id of channelIds) expect(second.get(id)).toBe(first.get(id));
      }),
      { numRuns: 300 },
    );
  });

  it('serves the highest priority first: it gets all it asked for, up to the whole pool', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const pool = poolOf(input);
        const top = pool.priority[0];
        fc.pre(top !== undefined);
        const total = poolTotal(input.stock);
        const split = allocatePool(pool, sku.id, total, channelsOf(input));
        const fence = split.fences.find((entry) => entry.channel === top);
        expect(split.fences[0]?.channel).toBe(top);
        expect(fence?.granted).toBe(Math.min(fence?.requested ?? 0, total));
      }),
      { numRuns: 300 },
    );
  });

  it('a pool without reservations changes no channel’s quantity', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const channels = channelsOf(input);
        const empty = resolved({ id: 'central', locations: poolLocations });
        const withPool = compute(empty, channels, input.stock);
        for (const channel of channels) {
          const plain = computeChannelQuantity({
            channel,
            sku,
            locations,
            skus,
            sellableAt: (_sku, location) => input.stock[location as keyof typeof input.stock] ?? 0,
            now,
          });
          expect(withPool.get(channel.id)).toBe(plain.quantity);
        }
      }),
      { numRuns: 200 },
    );
  });
});
