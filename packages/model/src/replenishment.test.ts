import { describe, expect, it } from 'vitest';
import { type StockwireConfigurationInput, StockwireConfigurationSchema } from './configuration.ts';
import { emptyQuantities, type QuantitiesByState } from './quantity-states.ts';
import {
  type ReplenishmentConfigurationInput,
  ReplenishmentConfigurationSchema,
  replenishesLocation,
  replenishmentTerms,
  suggestReplenishment,
} from './replenishment.ts';

const replenishment = {
  velocityWindowDays: 28,
  suppliers: [
    { id: 'acme', leadTimeDays: 7, packSize: 12, safetyStockDays: 3, orderCoverDays: 14, skus: ['TEE'] },
    { id: 'bulk', default: true, leadTimeDays: 10, packSize: 6 },
  ],
  overrides: [{ skus: ['MUG'], leadTimeDays: 21, safetyStock: 5 }],
} satisfies ReplenishmentConfigurationInput;
const parsed = ReplenishmentConfigurationSchema.parse(replenishment);

function stock(quantities: Partial<QuantitiesByState>): QuantitiesByState {
  return { ...emptyQuantities(), ...quantities };
}

function configuration(section: unknown): StockwireConfigurationInput {
  return {
    version: 1,
    locations: [
      { id: 'wh-1', kind: 'warehouse' },
      { id: 'shop', kind: 'store' },
    ],
    skus: [
      { id: 'TEE' },
      { id: 'MUG' },
      { id: 'CAP' },
      { id: 'GIFT', kit: { components: [{ sku: 'TEE', quantity: 1 }] } },
    ],
    connections: { erp: { connector: 'file' } },
    authority: [{ connections: ['erp'], states: '*' }],
    replenishment: section as StockwireConfigurationInput['replenishment'],
  };
}

function issuesOf(section: unknown) {
  const result = StockwireConfigurationSchema.safeParse(configuration(section));
  expect(result.success).toBe(false);
  return result.error?.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) ?? [];
}

describe('replenishment terms', () => {
  it('takes the supplier that lists the SKU, else the default supplier, with the schema defaults filled in', () => {
    expect(replenishmentTerms(parsed, 'TEE')).toEqual({
      supplier: 'acme',
      leadTimeDays: 7,
      packSize: 12,
      safetyStock: { days: 3 },
      orderCoverDays: 14,
    });
    expect(replenishmentTerms(parsed, 'CAP')).toEqual({
      supplier: 'bulk',
      leadTimeDays: 10,
      packSize: 6,
      safetyStock: { units: 0 },
      orderCoverDays: 14,
    });
  });

  it('applies overrides in order over the supplier’s terms, and an override may name another supplier', () => {
    expect(replenishmentTerms(parsed, 'MUG')).toMatchObject({
      supplier: 'bulk',
      leadTimeDays: 21,
      packSize: 6,
      safetyStock: { units: 5 },
    });
    const switched = ReplenishmentConfigurationSchema.parse({
      ...replenishment,
      overrides: [
        { skus: ['TEE'], supplier: 'bulk', safetyStock: 2 },
        { skus: ['TEE'], packSize: 24 },
      ],
    });
    expect(replenishmentTerms(switched, 'TEE')).toEqual({
      supplier: 'bulk',
      leadTimeDays: 10,
      packSize: 24,
      safetyStock: { units: 2 },
      orderCoverDays: 14,
    });
  });

  it('suggests nothing for a SKU no supplier supplies, and only for the locations suppliers deliver to', () => {
    const noDefault = ReplenishmentConfigurationSchema.parse({
      suppliers: [{ id: 'acme', leadTimeDays: 7, skus: ['TEE'] }],
      locations: ['wh-1'],
    });
    expect(replenishmentTerms(noDefault, 'CAP')).toBeUndefined();
    expect(replenishesLocation(noDefault, 'wh-1')).toBe(true);
    expect(replenishesLocation(noDefault, 'shop')).toBe(false);
    expect(replenishesLocation(parsed, 'shop')).toBe(true);
  });
});

describe('suggestReplenishment', () => {
  const tee = replenishmentTerms(parsed, 'TEE');
  const mug = replenishmentTerms(parsed, 'MUG');
  const cap = replenishmentTerms(parsed, 'CAP');
  if (tee === undefined || mug === undefined || cap === undefined) throw new Error('terms missing');

  it('orders nothing while the position is above the reorder point', () => {
    // 56 sold in 28 days = 2 a day. Sellable 20 − 4 committed = 16, 10 incoming: position 26.
    // Safety 2 × 3 days = 6; reorder point 2 × 7 + 6 = 20 < 26.
    const suggestion = suggestReplenishment({
      sku: 'TEE',
      location: 'wh-1',
      quantities: stock({ onHand: 20, committed: 4, incoming: 10 }),
      unitsSold: 56,
      windowDays: 28,
      terms: tee,
    });
    expect(suggestion).toEqual({
      sku: 'TEE',
      location: 'wh-1',
      supplier: 'acme',
      unitsSold: 56,
      windowDays: 28,
      velocityPerDay: 2,
      available: 16,
      onOrder: 10,
      position: 26,
      daysOfCover: 8,
      leadTimeDays: 7,
      safetyStock: 6,
      reorderPoint: 20,
      orderUpTo: 48,
      packSize: 12,
      suggestedQuantity: 0,
      packs: 0,
    });
  });

  it('at or below the reorder point, orders up to lead time + cover + safety, rounded up to whole packs', () => {
    // Sellable 12 − 2 = 10, 6 incoming: position 16 ≤ 20. Up to 2 × (7 + 14) + 6 = 48: 32 short → 3 packs of 12.
    const suggestion = suggestReplenishment({
      sku: 'TEE',
      location: 'wh-1',
      quantities: stock({ onHand: 12, committed: 2, incoming: 6 }),
      unitsSold: 56,
      windowDays: 28,
      terms: tee,
    });
    expect(suggestion).toMatchObject({ position: 16, daysOfCover: 5, orderUpTo: 48, packs: 3, suggestedQuantity: 36 });
  });

  it('counts units in transit as on order, and fractional velocities round the points up', () => {
    // 10 sold in 28 days. Reorder point ⌈10/28 × 21 + 5⌉ = ⌈12.5⌉ = 13; up to ⌈10/28 × 35 + 5⌉ = ⌈17.5⌉ = 18.
    // Position 7 sellable + 2 in transit = 9 ≤ 13: 9 short → 2 packs of 6 = 12. Cover 7 ÷ (10/28) = 19.6 days.
    const suggestion = suggestReplenishment({
      sku: 'MUG',
      location: 'wh-1',
      quantities: stock({ onHand: 7, inTransit: 2 }),
      unitsSold: 10,
      windowDays: 28,
      terms: mug,
    });
    expect(suggestion).toMatchObject({
      onOrder: 2,
      position: 9,
      reorderPoint: 13,
      orderUpTo: 18,
      packs: 2,
      suggestedQuantity: 12,
    });
    expect(suggestion.daysOfCover).toBeCloseTo(19.6, 10);
  });

  it('does not round a whole product up a unit for floating point (10/28 × 28 is 10, not 11)', () => {
    const suggestion = suggestReplenishment({
      sku: 'CAP',
      location: 'wh-1',
      quantities: stock({ onHand: 10 }),
      unitsSold: 10,
      windowDays: 28,
      terms: { ...cap, leadTimeDays: 28, orderCoverDays: 0 },
    });
    expect(suggestion).toMatchObject({ reorderPoint: 10, orderUpTo: 10, suggestedQuantity: 0 });
  });

  it('keeps the safety stock in units when nothing sold: no cover figure, one pack to reach it', () => {
    const suggestion = suggestReplenishment({
      sku: 'MUG',
      location: 'wh-1',
      quantities: stock({}),
      unitsSold: 0,
      windowDays: 28,
      terms: mug,
    });
    expect(suggestion).toMatchObject({
      velocityPerDay: 0,
      daysOfCover: null,
      reorderPoint: 5,
      orderUpTo: 5,
      packs: 1,
      suggestedQuantity: 6,
    });
    // Safety stock in days is nothing without sales: nothing to order for a SKU that does not sell.
    const idle = suggestReplenishment({
      sku: 'TEE',
      location: 'wh-1',
      quantities: stock({}),
      unitsSold: 0,
      windowDays: 28,
      terms: tee,
    });
    expect(idle).toMatchObject({ reorderPoint: 0, suggestedQuantity: 0 });
  });
});

describe('replenishment in the configuration', () => {
  it('accepts the section and fills in the defaults', () => {
    const result = StockwireConfigurationSchema.parse(configuration({ suppliers: [replenishment.suppliers[1]] }));
    expect(result.replenishment).toEqual({
      velocityWindowDays: 28,
      locations: '*',
      suppliers: [{ id: 'bulk', default: true, leadTimeDays: 10, packSize: 6, orderCoverDays: 14 }],
      overrides: [],
    });
  });

  it('refuses unknown fields, both kinds of safety stock, and a supplier with neither skus nor default', () => {
    expect(issuesOf({ suppliers: [{ id: 'a', leadTimeDays: 1, default: true, leadTime: 3 }] })).toEqual([
      expect.objectContaining({ path: 'replenishment.suppliers.0', message: expect.stringContaining('leadTime') }),
    ]);
    expect(
      issuesOf({ suppliers: [{ id: 'a', leadTimeDays: 1, default: true, safetyStock: 1, safetyStockDays: 2 }] }),
    ).toEqual([
      {
        path: 'replenishment.suppliers.0.safetyStockDays',
        message: 'give safetyStock (units) or safetyStockDays, not both',
      },
    ]);
    expect(issuesOf({ suppliers: [{ id: 'a', leadTimeDays: 1 }] })).toEqual([
      { path: 'replenishment.suppliers.0', message: 'give exactly one of skus or default: true' },
    ]);
    expect(issuesOf({ velocityWindowDays: 60, suppliers: [{ id: 'a', leadTimeDays: 1, default: true }] })).toEqual([
      { path: 'replenishment.velocityWindowDays', message: 'the ledger keeps 30 days of sales' },
    ]);
  });

  it('checks the references: SKUs, kits, one supplier per SKU, one default, suppliers and locations', () => {
    expect(
      issuesOf({
        locations: ['wh-1', 'wh-9'],
        suppliers: [
          { id: 'acme', leadTimeDays: 7, skus: ['TEE', 'HAT', 'GIFT'] },
          { id: 'bulk', leadTimeDays: 7, skus: ['TEE'] },
          { id: 'bulk', leadTimeDays: 7, default: true },
          { id: 'other', leadTimeDays: 7, default: true },
        ],
        overrides: [{ skus: ['MUG'], supplier: 'nobody' }],
      }),
    ).toEqual([
      { path: 'replenishment.suppliers.0.skus.1', message: 'unknown SKU "HAT"' },
      {
        path: 'replenishment.suppliers.0.skus.2',
        message: '"GIFT" is a kit: kits are assembled from their components, so order the components',
      },
      {
        path: 'replenishment.suppliers.1.skus.0',
        message: '"TEE" is already supplied by "acme"; an override can name another supplier',
      },
      { path: 'replenishment.suppliers.2.id', message: 'duplicate supplier id "bulk"' },
      { path: 'replenishment.suppliers.3.default', message: '"bulk" is already the default' },
      { path: 'replenishment.overrides.0.supplier', message: 'unknown supplier "nobody"' },
      { path: 'replenishment.locations.1', message: 'unknown location "wh-9"' },
    ]);
  });
});
