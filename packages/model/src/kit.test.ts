import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kitQuantityAcrossLocations, kitQuantityAtLocation } from './kit.ts';

const components = [
  { sku: 'FRAME', quantity: 1 },
  { sku: 'WHEEL', quantity: 2 },
];

describe('kits', () => {
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
