import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kitQuantityAcrossLocations, kitQuantityAtLocation } from './kit.ts';

const components = [
  { sku: 'FRAME', quantity: 1 },
  { sku: 'WHEEL', quantity: 2 },
];

describe('kits', () => {
  it('counts a component listed twice by the sum of its lines: [A×1, A×1] with 3 of A is 1 kit, not 3', () => {
    const repeated = [
      { sku: 'A', quantity: 1 },
      { sku: 'A', quantity: 1 },
    ];
    expect(kitQuantityAtLocation(repeated, () => 3)).toBe(1);
    expect(kitQuantityAcrossLocations(repeated, ['wh-1', 'wh-2'], () => 3)).toBe(2);
  });

  it('a kit never publishes more than any component allows, with its lines summed, even when lines repeat', () => {
    const skus = ['A', 'B', 'C'] as const;
    const line = fc.record({ sku: fc.constantFrom(...skus), quantity: fc.integer({ min: 1, max: 4 }) });
    const stock = fc.record({
      A: fc.integer({ min: -2, max: 30 }),
      B: fc.integer({ min: -2, max: 30 }),
      C: fc.integer({ min: -2, max: 30 }),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), stock, (lines, sellable) => {
        const kits = kitQuantityAtLocation(lines, (sku) => sellable[sku as (typeof skus)[number]]);
        for (const sku of new Set(lines.map((entry) => entry.sku))) {
          const needed = lines.filter((entry) => entry.sku === sku).reduce((sum, entry) => sum + entry.quantity, 0);
          expect(kits * needed).toBeLessThanOrEqual(Math.max(0, sellable[sku]));
        }
        // …and it is the most that can be assembled: one more kit would break some component.
        const short = [...new Set(lines.map((entry) => entry.sku))].some((sku) => {
          const needed = lines.filter((entry) => entry.sku === sku).reduce((sum, entry) => sum + entry.quantity, 0);
          return (kits + 1) * needed > Math.max(0, sellable[sku]);
        });
        expect(short).toBe(true);
      }),
    );
  });

  it('assembles per location, then sums: two half-kits in two buildings are not a kit', () => {
    const stock: Record<string, Record<string, number>> = {
      'wh-1': { FRAME: 1, WHEEL: 0 },
      'wh-2': { FRAME: 0, WHEEL: 2 },
    };
    const sellableAt = (sku: string, location: string) => stock[location]?.[sku] ?? 0;
    expect(kitQuantityAcrossLocations(components, ['wh-1', 'wh-2'], sellableAt)).toBe(0);
    // From totals it would wrongly be 1 (1 frame, 2 wheels).
    expect(kitQuantityAtLocation(components, (sku) => sellableAt(sku, 'wh-1') + sellableAt(sku, 'wh-2'))).toBe(1);
  });

  it('a kit never exceeds what any single location can assemble, summed — nor what the totals allow', () => {
    const stockArbitrary = fc.array(
      fc.record({ FRAME: fc.integer({ min: -3, max: 20 }), WHEEL: fc.integer({ min: -3, max: 40 }) }),
      {
        minLength: 1,
        maxLength: 5,
      },
    );
    fc.assert(
      fc.property(stockArbitrary, (locations) => {
        const ids = locations.map((_, index) => `loc-${index}`);
        const sellableAt = (sku: string, location: string) => {
          const entry = locations[Number(location.slice(4))]!;
          return sku === 'FRAME' ? entry.FRAME : entry.WHEEL;
        };
        const kits = kitQuantityAcrossLocations(components, ids, sellableAt);
        let perLocationSum = 0;
        for (const entry of locations) {
          perLocationSum += Math.min(Math.max(0, entry.FRAME), Math.floor(Math.max(0, entry.WHEEL) / 2));
        }
        expect(kits).toBe(perLocationSum);
        const totalFrames = locations.reduce((sum, entry) => sum + Math.max(0, entry.FRAME), 0);
        const totalWheels = locations.reduce((sum, entry) => sum + Math.max(0, entry.WHEEL), 0);
        expect(kits).toBeLessThanOrEqual(Math.min(totalFrames, Math.floor(totalWheels / 2)));
        expect(kits).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
