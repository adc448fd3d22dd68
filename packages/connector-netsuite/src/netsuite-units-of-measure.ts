import { PermanentItemError } from '@stockwire/connector-spec';
import { z } from 'zod';

/**
 * Units of measure. An item with a unit type (`item.unitstype`, its units in `unitstypeuom`: `unitname`,
 * `conversionrate` into the base unit, `baseunit`) is kept in its stock unit (`item.stockunit`, e.g. a case of
 * 12) in NetSuite's forms, but NetSuite *stores* quantities in the base unit: SuiteQL's
 * `aggregateitemlocation.quantity*` and `transactionline.quantity` come back in base units (each), and a line's
 * own unit is only the `transactionline.units` reference. ../shared/specs/netsuite/NOTES.md says nothing about
 * unit types; this follows public SuiteQL client code, which divides those columns by `conversionrate` to show
 * stock units (never multiplies them to get base units). So reads need no conversion: Stockwire's canonical
 * quantities are base units too, and multiplying by the rate would count every case twelve times.
 *
 * Writes are the one place the stock unit shows: an `inventoryAdjustment` line's `adjustQtyBy` is taken in the
 * item's stock unit when the line names no unit, so the push divides the base-unit difference by the stock unit's
 * rate, and refuses a difference that is not a whole number of that unit rather than write a fraction of a case.
 */
export interface StockUnit {
  readonly name: string;
  /** Base units in one stock unit (12 for a case of 12). */
  readonly rate: number;
}

/** The two columns the push queries select beside each item (absent for an item without a unit type). */
export const StockUnitColumnsSchema = z.object({
  stockunitname: z.string().nullish(),
  stockunitrate: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .nullish(),
});

export function stockUnitOf(row: z.infer<typeof StockUnitColumnsSchema>): StockUnit | undefined {
  const rate = Number(row.stockunitrate);
  if (row.stockunitrate == null || !(rate > 0)) return undefined;
  return { name: row.stockunitname ?? 'stock unit', rate };
}

/** Rates such as 0.001 (grams in a kilogram) leave float noise on a whole result; a billionth is noise, not stock. */
const tolerance = 1e-9;

/**
 * A change in base units as the `adjustQtyBy` NetSuite reads in the item's stock unit. An item without a unit type
 * is kept in base units already.
 */
export function toStockUnits(
  change: number,
  unit: StockUnit | undefined,
  context: { connection: string; sku: string },
): number {
  if (unit === undefined || unit.rate === 1) return change;
  const inUnits = change / unit.rate;
  const whole = Math.round(inUnits);
  if (Math.abs(inUnits - whole) > tolerance) {
    throw new PermanentItemError({
      connection: context.connection,
      item: context.sku,
      reason: `NetSuite keeps ${context.sku} in ${unit.name} of ${unit.rate}; a change of ${change} is ${inUnits} ${unit.name}, not a whole number, so no adjustment was written`,
    });
  }
  return whole;
}
