import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChannelPolicyInput, ChannelSchema } from './channel.ts';
import { computeChannelQuantity } from './channel-quantity.ts';
import { type Location, LocationSchema } from './location.ts';
import { type Sku, SkuSchema } from './sku.ts';

const locations = new Map<string, Location>(
  [
    LocationSchema.parse({ id: 'wh-1', kind: 'warehouse' }),
    LocationSchema.parse({ id: 'wh-2', kind: 'warehouse' }),
    LocationSchema.parse({ id: 'down', kind: 'warehouse', status: 'offline' }),
  ].map((location) => [location.id, location]),
);
const shirt = SkuSchema.parse({ id: 'SHIRT' });
const skus = new Map<string, Sku>([[shirt.id, shirt]]);
const now = new Date('2026-11-27T00:00:00Z');

function compute(
  stock: Record<string, number>,
  policy: ChannelPolicyInput = {},
  options: {
    sku?: Sku;
    incoming?: Array<{ quantity: number; expectedAt: string }>;
    connection?: string;
    explain?: boolean;
  } = {},
) {
  const channel = ChannelSchema.parse({
    id: 'web',
    connection: options.connection ?? 'store',
    locations: ['wh-1', 'wh-2', 'down'],
    policy,
  });
  return computeChannelQuantity({
    channel,
    sku: options.sku ?? shirt,
    locations,
    skus,
    sellableAt: (_sku, location) => stock[location] ?? 0,
    incomingAt: (_sku, location) => (location === 'wh-1' ? (options.incoming ?? []) : []),
    now,
    explain: options.explain,
  });
}

describe('computeChannelQuantity', () => {
  it('sums sellable stock over the channel’s active locations only', () => {
    const result = compute({ 'wh-1': 4, 'wh-2': 6, down: 100 });
    expect(result).toMatchObject({ quantity: 10, status: 'in-stock', sellable: 10 });
    expect(result.steps[0]?.detail).toContain('offline: down');
  });

  it('applies percentage (rounded down), then buffer, then maximum, and says so', () => {
    const result = compute({ 'wh-1': 33 }, { percentage: 50, buffer: 3, maximum: 12 });
    expect(result.quantity).toBe(12);
    expect(result.steps.map((step) => [step.rule, step.quantity])).toEqual([
      ['sellable', 33],
      ['percentage', 16],
      ['buffer', 13],
      ['maximum', 12],
    ]);
  });

  it('shows zero below the threshold', () => {
    expect(compute({ 'wh-1': 2 }, { zeroBelow: 3 })).toMatchObject({ quantity: 0, status: 'out-of-stock' });
    expect(compute({ 'wh-1': 3 }, { zeroBelow: 3 })).toMatchObject({ quantity: 3, status: 'in-stock' });
  });

  it('sells incoming stock within the horizon as preorder, up to the limit', () => {
    const incoming = [
      { quantity: 30, expectedAt: '2026-12-03T00:00:00Z' },
      { quantity: 50, expectedAt: '2027-02-01T00:00:00Z' },
    ];
    const result = compute({}, { preorder: { horizonDays: 14, limit: 20 } }, { incoming });
    expect(result).toMatchObject({ quantity: 20, status: 'preorder' });
    const unlimited = compute({}, { preorder: { horizonDays: 14 } }, { incoming });
    expect(unlimited).toMatchObject({ quantity: 30, status: 'preorder' });
  });

  it('falls back to backorders when nothing is sellable or incoming', () => {
    expect(compute({}, { backorder: { limit: 5 } })).toMatchObject({ quantity: 5, status: 'backorder' });
  });

  it('publishes zero for a discontinued SKU or a disabled listing', () => {
    const discontinued = SkuSchema.parse({ id: 'OLD', discontinued: true });
    expect(compute({ 'wh-1': 9 }, {}, { sku: discontinued })).toMatchObject({ quantity: 0, status: 'discontinued' });
    expect(compute({ 'wh-1': 9 }, { listing: 'disabled' })).toMatchObject({ quantity: 0, status: 'disabled' });
  });

  it('converts to the channel’s unit of measure, rounding down', () => {
    const water = SkuSchema.parse({ id: 'WATER', units: [{ connection: 'wholesale', unit: 'case', unitsPer: 12 }] });
    expect(compute({ 'wh-1': 23, 'wh-2': 12 }, {}, { sku: water, connection: 'wholesale' })).toMatchObject({
      quantity: 2,
      status: 'in-stock',
    });
    expect(compute({ 'wh-1': 11 }, {}, { sku: water, connection: 'wholesale' })).toMatchObject({
      quantity: 0,
      status: 'out-of-stock',
    });
  });

  it('computes a kit per location before summing', () => {
    const frame = SkuSchema.parse({ id: 'FRAME' });
    const wheel = SkuSchema.parse({ id: 'WHEEL' });
    const bike = SkuSchema.parse({
      id: 'BIKE',
      kit: {
        components: [
          { sku: 'FRAME', quantity: 1 },
          { sku: 'WHEEL', quantity: 2 },
        ],
      },
    });
    const stock: Record<string, Record<string, number>> = {
      'wh-1': { FRAME: 3, WHEEL: 1 },
      'wh-2': { FRAME: 0, WHEEL: 8 },
    };
    const channel = ChannelSchema.parse({ id: 'web', connection: 'store', locations: ['wh-1', 'wh-2'] });
    const result = computeChannelQuantity({
      channel,
      sku: bike,
      locations,
      skus: new Map([frame, wheel, bike].map((sku) => [sku.id, sku])),
      sellableAt: (sku, location) => stock[location]?.[sku] ?? 0,
      now,
    });
    expect(result).toMatchObject({ quantity: 0, status: 'out-of-stock' });
    expect(result.steps[0]?.rule).toBe('kit-per-location');
  });

  it('a published quantity is never negative and never exceeds what the channel’s locations can sell', () => {
    const policyArbitrary = fc.record(
      {
        percentage: fc.integer({ min: 0, max: 100 }),
        buffer: fc.nat({ max: 50 }),
        maximum: fc.nat({ max: 200 }),
        zeroBelow: fc.nat({ max: 10 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.record({
          'wh-1': fc.integer({ min: -20, max: 200 }),
          'wh-2': fc.integer({ min: -20, max: 200 }),
          down: fc.nat({ max: 500 }),
        }),
        policyArbitrary,
        (stock, policy) => {
          const result = compute(stock, policy);
          expect(result.quantity).toBeGreaterThanOrEqual(0);
          expect(result.quantity).toBeLessThanOrEqual(Math.max(0, stock['wh-1']) + Math.max(0, stock['wh-2']));
          expect(Number.isInteger(result.quantity)).toBe(true);
        },
      ),
    );
  });
});

describe('without the trace (explain: false, as the engine projects)', () => {
  it('publishes exactly what the explained computation publishes, with no steps', () => {
    const water = SkuSchema.parse({ id: 'WATER', units: [{ connection: 'wholesale', unit: 'case', unitsPer: 6 }] });
    fc.assert(
      fc.property(
        fc.record({ 'wh-1': fc.integer({ min: -20, max: 200 }), 'wh-2': fc.integer({ min: -20, max: 200 }) }),
        fc.record(
          {
            percentage: fc.integer({ min: 0, max: 100 }),
            buffer: fc.nat({ max: 50 }),
            maximum: fc.nat({ max: 200 }),
            zeroBelow: fc.nat({ max: 10 }),
            preorder: fc.record({ horizonDays: fc.integer({ min: 1, max: 30 }) }),
            backorder: fc.record({ limit: fc.nat({ max: 20 }) }),
          },
          { requiredKeys: [] },
        ),
        fc.boolean(),
        fc.nat({ max: 40 }),
        (stock, policy, inCases, incomingQuantity) => {
          const options = {
            incoming: [{ quantity: incomingQuantity, expectedAt: '2026-11-30T00:00:00Z' }],
            ...(inCases ? { sku: water, connection: 'wholesale' } : {}),
          };
          const explained = compute(stock, policy, options);
          const bare = compute(stock, policy, { ...options, explain: false });
          expect(explained.steps.length).toBeGreaterThan(0);
          expect(bare.steps).toEqual([]);
          expect({ ...bare, steps: explained.steps }).toEqual(explained);
        },
      ),
    );
  });
});

describe('rounding to the channel unit', () => {
  it('turns a backorder of less than one case into out-of-stock', () => {
    const water = SkuSchema.parse({ id: 'WATER', units: [{ connection: 'wholesale', unit: 'case', unitsPer: 12 }] });
    expect(compute({}, { backorder: { limit: 5 } }, { sku: water, connection: 'wholesale' })).toMatchObject({
      quantity: 0,
      status: 'out-of-stock',
    });
  });
});
