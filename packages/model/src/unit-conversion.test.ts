import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SkuSchema } from './sku.ts';
import { fromConnectionUnits, toConnectionUnits, unitsPerConnectionUnit } from './unit-conversion.ts';

describe('unit conversion', () => {
  it('unit conversion never rounds up: published cases never hold more units than exist', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.integer({ min: 1, max: 500 }), (units, unitsPer) => {
        const cases = toConnectionUnits(units, unitsPer);
        expect(cases * unitsPer).toBeLessThanOrEqual(units);
        expect((cases + 1) * unitsPer).toBeGreaterThan(units);
      }),
    );
  });

  it('shows 1 case of 12 for 23 units and 0 for 11', () => {
    expect(toConnectionUnits(23, 12)).toBe(1);
    expect(toConnectionUnits(11, 12)).toBe(0);
    expect(fromConnectionUnits(3, 12)).toBe(36);
  });

  it('refuses a fractional or zero case size', () => {
    expect(() => toConnectionUnits(10, 0)).toThrow(RangeError);
    expect(() => toConnectionUnits(10, 1.5)).toThrow(RangeError);
  });

  it('finds the connection-specific unit of a SKU, defaulting to single units', () => {
    const sku = SkuSchema.parse({ id: 'WATER-500', units: [{ connection: 'wms', unit: 'case', unitsPer: 24 }] });
    expect(unitsPerConnectionUnit(sku, 'wms')).toBe(24);
    expect(unitsPerConnectionUnit(sku, 'store')).toBe(1);
  });
});
