import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocationSchema } from './location.ts';
import { routeOrder } from './order-routing.ts';

const locations = [
  LocationSchema.parse({ id: 'east', kind: 'warehouse', region: 'us-east', priority: 2 }),
  LocationSchema.parse({ id: 'west', kind: 'warehouse', region: 'us-west', priority: 1 }),
  LocationSchema.parse({ id: 'closed', kind: 'store', region: 'us-east', priority: 0, status: 'offline' }),
];
const stock: Record<string, Record<string, number>> = {
  east: { A: 2, B: 5 },
  west: { A: 10, B: 0 },
  closed: { A: 100, B: 100 },
};
const sellableAt = (sku: string, location: string) => stock[location]?.[sku] ?? 0;

describe('routeOrder', () => {
  it('prefers the order’s region, then priority, and never an offline location', () => {
    const decision = routeOrder([{ lineReference: '1', sku: 'A', quantity: 2 }], locations, sellableAt, {
      region: 'us-east',
      allowSplit: false,
    });
    expect(decision.allocations).toEqual([{ lineReference: '1', sku: 'A', location: 'east', quantity: 2 }]);
    expect(decision.reason).toContain('whole order from east');
  });

  it('keeps an unsplittable order whole where one location can ship it all', () => {
    const decision = routeOrder(
      [
        { lineReference: '1', sku: 'A', quantity: 1 },
        { lineReference: '2', sku: 'B', quantity: 1 },
      ],
      locations,
      sellableAt,
      { allowSplit: false },
    );
    expect(new Set(decision.allocations.map((allocation) => allocation.location))).toEqual(new Set(['east']));
  });

  it('splits a line over locations when allowed, and reports what cannot be filled', () => {
    const decision = routeOrder([{ lineReference: '1', sku: 'A', quantity: 15 }], locations, sellableAt, {
      allowSplit: true,
    });
    expect(decision.allocations).toEqual([
      { lineReference: '1', sku: 'A', location: 'west', quantity: 10 },
      { lineReference: '1', sku: 'A', location: 'east', quantity: 2 },
    ]);
    expect(decision.unfilled).toEqual([{ lineReference: '1', sku: 'A', quantity: 3 }]);
  });

  it('never allocates more than a location can sell, over all lines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ sku: fc.constantFrom('A', 'B'), quantity: fc.integer({ min: 1, max: 8 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.boolean(),
        (lines, allowSplit) => {
          const requests = lines.map((line, index) => ({ ...line, lineReference: String(index) }));
          const decision = routeOrder(requests, locations, sellableAt, { allowSplit });
          const used = new Map<string, number>();
          for (const allocation of decision.allocations) {
            const key = `${allocation.sku}@${allocation.location}`;
            used.set(key, (used.get(key) ?? 0) + allocation.quantity);
            expect(allocation.location).not.toBe('closed');
          }
          for (const [key, quantity] of used) {
            const [sku, location] = key.split('@') as [string, string];
            expect(quantity).toBeLessThanOrEqual(sellableAt(sku, location));
          }
          const requested = requests.reduce((sum, line) => sum + line.quantity, 0);
          const allocated = decision.allocations.reduce((sum, allocation) => sum + allocation.quantity, 0);
          const unfilled = decision.unfilled.reduce((sum, line) => sum + line.quantity, 0);
          expect(allocated + unfilled).toBe(requested);
        },
      ),
    );
  });
});
