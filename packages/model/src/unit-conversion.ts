import type { Sku } from './sku.ts';

/** How many canonical units make one of the connection's units for this SKU (1 when the connection counts units). */
export function unitsPerConnectionUnit(sku: Sku, connection: string): number {
  return sku.units.find((unit) => unit.connection === connection)?.unitsPer ?? 1;
}

/**
 * Canonical units to a connection's units, for publishing sellable stock. Always rounds down: showing 2 cases
 * when 23 units are left is safe, showing 2 when 13 are left would sell a case we cannot ship.
 */
export function toConnectionUnits(canonicalQuantity: number, unitsPer: number): number {
  if (!Number.isInteger(unitsPer) || unitsPer < 1)
    throw new RangeError(`unitsPer must be a whole number ≥ 1, got ${unitsPer}`);
  return Math.floor(canonicalQuantity / unitsPer);
}

/** A connection's count (e.g. cases) to canonical units. Exact: whole cases are whole units. */
export function fromConnectionUnits(connectionQuantity: number, unitsPer: number): number {
  if (!Number.isInteger(unitsPer) || unitsPer < 1)
    throw new RangeError(`unitsPer must be a whole number ≥ 1, got ${unitsPer}`);
  return connectionQuantity * unitsPer;
}
