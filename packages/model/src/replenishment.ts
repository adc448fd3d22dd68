import { z } from 'zod';
import { LocationIdSchema, NonNegativeQuantitySchema, PositiveQuantitySchema, SkuIdSchema } from './identifiers.ts';
import { type QuantitiesByState, sellableQuantity } from './quantity-states.ts';

const supplierIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@#+-]*$/, 'a supplier id may use letters, digits and . _ : / @ # + -');
const daysSchema = z.number().min(0, 'must not be negative').max(3_650, 'is longer than ten years');

/** Terms a supplier or an override can set; an override sets only some, the rest come from the supplier. */
const termFields = {
  /** Days from placing an order to the units being sellable at the location. */
  leadTimeDays: daysSchema,
  /** Units per case the supplier ships: a suggestion is always a whole number of packs. */
  packSize: PositiveQuantitySchema,
  /** Units kept on top of the lead time's demand, whatever the sales; or `safetyStockDays` instead. */
  safetyStock: NonNegativeQuantitySchema,
  /** Days of sales kept on top of the lead time's demand; or `safetyStock` (units) instead. */
  safetyStockDays: daysSchema,
  /** Days of sales one order covers beyond the reorder point, so an order is not due again the next day. */
  orderCoverDays: daysSchema,
};

const oneSafetyStock = {
  check: (terms: { safetyStock?: number | undefined; safetyStockDays?: number | undefined }) =>
    terms.safetyStock === undefined || terms.safetyStockDays === undefined,
  message: { message: 'give safetyStock (units) or safetyStockDays, not both', path: ['safetyStockDays'] },
};

/** Who supplies which SKUs, and on what terms. `default: true` supplies every SKU no other supplier lists. */
export const ReplenishmentSupplierSchema = z
  .strictObject({
    id: supplierIdSchema,
    leadTimeDays: termFields.leadTimeDays,
    packSize: termFields.packSize.default(1),
    safetyStock: termFields.safetyStock.optional(),
    safetyStockDays: termFields.safetyStockDays.optional(),
    orderCoverDays: termFields.orderCoverDays.default(14),
    skus: z.array(SkuIdSchema).min(1).optional(),
    default: z.literal(true).optional(),
  })
  .refine((supplier) => (supplier.skus === undefined) !== (supplier.default === undefined), {
    message: 'give exactly one of skus or default: true',
  })
  .refine(oneSafetyStock.check, oneSafetyStock.message);
export type ReplenishmentSupplier = z.infer<typeof ReplenishmentSupplierSchema>;

/** Per-SKU terms over the supplier's (a slower item's longer lead time, a bulky item's pallet); later ones win. */
export const ReplenishmentOverrideSchema = z
  .strictObject({
    skus: z.array(SkuIdSchema).min(1),
    /** Another supplier for these SKUs (its terms, then this override's). */
    supplier: supplierIdSchema.optional(),
    leadTimeDays: termFields.leadTimeDays.optional(),
    packSize: termFields.packSize.optional(),
    safetyStock: termFields.safetyStock.optional(),
    safetyStockDays: termFields.safetyStockDays.optional(),
    orderCoverDays: termFields.orderCoverDays.optional(),
  })
  .refine(oneSafetyStock.check, oneSafetyStock.message);
export type ReplenishmentOverride = z.infer<typeof ReplenishmentOverrideSchema>;

export const ReplenishmentConfigurationSchema = z.strictObject({
  /**
   * Days of sales the velocity is measured over, up to now. At most 30: the engine's ledger, where the sales are
   * read, keeps 30 days, and a longer window would silently divide fewer days' sales by more days.
   */
  velocityWindowDays: z.number().int().min(1).max(30, 'the ledger keeps 30 days of sales').default(28),
  /** The locations suppliers deliver to (`*`: every location); stores restocked by transfer are left out. */
  locations: z.union([z.literal('*'), z.array(LocationIdSchema).min(1)]).default('*'),
  suppliers: z.array(ReplenishmentSupplierSchema).min(1),
  overrides: z.array(ReplenishmentOverrideSchema).default([]),
});
export type ReplenishmentConfiguration = z.infer<typeof ReplenishmentConfigurationSchema>;
export type ReplenishmentConfigurationInput = z.input<typeof ReplenishmentConfigurationSchema>;

/** What one SKU is ordered on: its supplier's terms with the SKU's overrides applied. */
export interface ReplenishmentTerms {
  readonly supplier: string;
  readonly leadTimeDays: number;
  readonly packSize: number;
  readonly safetyStock: { readonly units: number } | { readonly days: number };
  readonly orderCoverDays: number;
}

/** The SKU's terms, or undefined when no supplier supplies it (no suggestion is made for it). */
export function replenishmentTerms(
  configuration: ReplenishmentConfiguration,
  sku: string,
): ReplenishmentTerms | undefined {
  const overrides = configuration.overrides.filter((override) => override.skus.includes(sku));
  const named = overrides.findLast((override) => override.supplier !== undefined)?.supplier;
  const supplier =
    named === undefined
      ? (configuration.suppliers.find((candidate) => candidate.skus?.includes(sku)) ??
        configuration.suppliers.find((candidate) => candidate.default === true))
      : configuration.suppliers.find((candidate) => candidate.id === named);
  if (supplier === undefined) return undefined;
  let terms = {
    leadTimeDays: supplier.leadTimeDays,
    packSize: supplier.packSize,
    safetyStock: safetyOf(supplier) ?? { units: 0 },
    orderCoverDays: supplier.orderCoverDays,
  };
  for (const override of overrides) {
    terms = {
      leadTimeDays: override.leadTimeDays ?? terms.leadTimeDays,
      packSize: override.packSize ?? terms.packSize,
      safetyStock: safetyOf(override) ?? terms.safetyStock,
      orderCoverDays: override.orderCoverDays ?? terms.orderCoverDays,
    };
  }
  return { supplier: supplier.id, ...terms };
}

function safetyOf(terms: { safetyStock?: number | undefined; safetyStockDays?: number | undefined }) {
  if (terms.safetyStock !== undefined) return { units: terms.safetyStock };
  if (terms.safetyStockDays !== undefined) return { days: terms.safetyStockDays };
  return undefined;
}

/** Whether suppliers deliver to this location. */
export function replenishesLocation(configuration: ReplenishmentConfiguration, location: string): boolean {
  return configuration.locations === '*' || configuration.locations.includes(location);
}

export interface ReplenishmentInput {
  readonly sku: string;
  readonly location: string;
  readonly quantities: QuantitiesByState;
  /** Units sold at the location over the window (cancelled holds taken back), from the ledger. */
  readonly unitsSold: number;
  readonly windowDays: number;
  readonly terms: ReplenishmentTerms;
}

/** A suggestion, never an order: every figure that led to it is kept so a buyer can check it. */
export interface ReplenishmentSuggestion {
  readonly sku: string;
  readonly location: string;
  readonly supplier: string;
  readonly unitsSold: number;
  readonly windowDays: number;
  /** Units sold per day over the window (not rounded). */
  readonly velocityPerDay: number;
  /** Sellable units at the location now. */
  readonly available: number;
  /** Units expected from purchase orders and transfers on the way. */
  readonly onOrder: number;
  /** available + on order: what the reorder point is compared with. */
  readonly position: number;
  /** Days the sellable units last at this velocity; null when nothing sold in the window. */
  readonly daysOfCover: number | null;
  readonly leadTimeDays: number;
  /** Safety stock in units (days of safety stock times the velocity, rounded up). */
  readonly safetyStock: number;
  /** ⌈velocity × lead time + safety stock⌉: at or below it, an order is due. */
  readonly reorderPoint: number;
  /** ⌈velocity × (lead time + order cover) + safety stock⌉: what an order brings the position up to. */
  readonly orderUpTo: number;
  readonly packSize: number;
  /** Units to order, a whole number of packs; 0 when the position is above the reorder point. */
  readonly suggestedQuantity: number;
  readonly packs: number;
}

/**
 * Velocities are fractions (10 units over 28 days), and 10/28 × 28 is 10.000000000000002 in floating point: a
 * tolerance keeps such products from being rounded up to a unit nobody needs.
 */
function roundUpUnits(value: number): number {
  return Math.max(0, Math.ceil(value - 1e-9));
}

/** Velocity, days of cover, reorder point and the order that brings the position back up, in whole packs. */
export function suggestReplenishment(input: ReplenishmentInput): ReplenishmentSuggestion {
  const { quantities, terms } = input;
  const velocityPerDay = Math.max(0, input.unitsSold) / input.windowDays;
  const available = sellableQuantity(quantities);
  const onOrder = Math.max(0, quantities.incoming) + Math.max(0, quantities.inTransit);
  const position = available + onOrder;
  const safetyDemand = 'units' in terms.safetyStock ? terms.safetyStock.units : velocityPerDay * terms.safetyStock.days;
  const safetyStock = roundUpUnits(safetyDemand);
  const reorderPoint = roundUpUnits(velocityPerDay * terms.leadTimeDays + safetyStock);
  const orderUpTo = roundUpUnits(velocityPerDay * (terms.leadTimeDays + terms.orderCoverDays) + safetyStock);
  const shortfall = position <= reorderPoint ? Math.max(0, orderUpTo - position) : 0;
  const packs = Math.ceil(shortfall / terms.packSize);
  return {
    sku: input.sku,
    location: input.location,
    supplier: terms.supplier,
    unitsSold: input.unitsSold,
    windowDays: input.windowDays,
    velocityPerDay,
    available,
    onOrder,
    position,
    daysOfCover: velocityPerDay === 0 ? null : available / velocityPerDay,
    leadTimeDays: terms.leadTimeDays,
    safetyStock,
    reorderPoint,
    orderUpTo,
    packSize: terms.packSize,
    suggestedQuantity: packs * terms.packSize,
    packs,
  };
}

type Issue = (path: Array<string | number>, message: string) => void;

/** Cross-references: suppliers and SKUs that exist, one supplier per SKU, one default, no kits. */
export function checkReplenishment(
  replenishment: ReplenishmentConfiguration,
  known: {
    readonly locationIds: ReadonlySet<string>;
    readonly skus: ReadonlyMap<string, { kit?: unknown }>;
  },
  issue: Issue,
): void {
  const checkSku = (sku: string, path: Array<string | number>) => {
    const found = known.skus.get(sku);
    if (found === undefined) issue(path, `unknown SKU "${sku}"`);
    else if (found.kit !== undefined) {
      issue(path, `"${sku}" is a kit: kits are assembled from their components, so order the components`);
    }
  };
  const supplierIds = new Set<string>();
  const supplierOfSku = new Map<string, string>();
  let defaultSupplier: string | undefined;
  replenishment.suppliers.forEach((supplier, supplierIndex) => {
    const path = ['replenishment', 'suppliers', supplierIndex];
    if (supplierIds.has(supplier.id)) issue([...path, 'id'], `duplicate supplier id "${supplier.id}"`);
    supplierIds.add(supplier.id);
    if (supplier.default === true) {
      if (defaultSupplier !== undefined) issue([...path, 'default'], `"${defaultSupplier}" is already the default`);
      defaultSupplier ??= supplier.id;
    }
    supplier.skus?.forEach((sku, skuIndex) => {
      checkSku(sku, [...path, 'skus', skuIndex]);
      const owner = supplierOfSku.get(sku);
      if (owner !== undefined && owner !== supplier.id) {
        issue(
          [...path, 'skus', skuIndex],
          `"${sku}" is already supplied by "${owner}"; an override can name another supplier`,
        );
      }
      supplierOfSku.set(sku, supplier.id);
    });
  });
  replenishment.overrides.forEach((override, overrideIndex) => {
    const path = ['replenishment', 'overrides', overrideIndex];
    override.skus.forEach((sku, skuIndex) => {
      checkSku(sku, [...path, 'skus', skuIndex]);
    });
    if (override.supplier !== undefined && !supplierIds.has(override.supplier)) {
      issue([...path, 'supplier'], `unknown supplier "${override.supplier}"`);
    }
  });
  if (replenishment.locations !== '*') {
    replenishment.locations.forEach((location, locationIndex) => {
      if (!known.locationIds.has(location)) {
        issue(['replenishment', 'locations', locationIndex], `unknown location "${location}"`);
      }
    });
  }
}
