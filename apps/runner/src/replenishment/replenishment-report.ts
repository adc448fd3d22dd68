import type { Engine } from '@stockwire/engine';
import {
  type ReplenishmentConfiguration,
  type ReplenishmentSuggestion,
  replenishesLocation,
  replenishmentTerms,
  type StockwireConfiguration,
  suggestReplenishment,
} from '@stockwire/model';

const dayMs = 86_400_000;

/** Suggestions for every supplied SKU × location, and what they were computed from. Nothing is ordered. */
export interface ReplenishmentReport {
  readonly asOf: string;
  /** Sales counted from here up to `asOf`. */
  readonly since: string;
  readonly windowDays: number;
  /** SKU × location pairs with stock, sales, units on order or a suggestion, in configuration order. */
  readonly suggestions: readonly ReplenishmentSuggestion[];
  /** SKUs (not kits) that no supplier supplies: no suggestion can be made for them. */
  readonly skusWithoutSupplier: readonly string[];
}

export interface ReadReplenishmentInput {
  readonly configuration: StockwireConfiguration;
  /** The configuration's `replenishment` section (a caller without one has nothing to ask). */
  readonly replenishment: ReplenishmentConfiguration;
  readonly engine: Pick<Engine, 'quantities' | 'unitsSoldByLocation'>;
  readonly now: Date;
  /** Overrides the configuration's `velocityWindowDays`. */
  readonly windowDays?: number | undefined;
}

/**
 * Reads the live positions and the ledger's sales and asks the model for each suggestion. The arithmetic is the
 * model's (`suggestReplenishment`); this only gathers its inputs.
 */
export async function readReplenishment(input: ReadReplenishmentInput): Promise<ReplenishmentReport> {
  const { configuration, replenishment, engine, now } = input;
  const windowDays = input.windowDays ?? replenishment.velocityWindowDays;
  const since = new Date(now.getTime() - windowDays * dayMs);
  const locations = configuration.locations.filter((location) => replenishesLocation(replenishment, location.id));
  const suggestions: ReplenishmentSuggestion[] = [];
  const skusWithoutSupplier: string[] = [];
  for (const sku of configuration.skus) {
    if (sku.kit !== undefined) continue;
    const terms = replenishmentTerms(replenishment, sku.id);
    if (terms === undefined) {
      skusWithoutSupplier.push(sku.id);
      continue;
    }
    const sold = await engine.unitsSoldByLocation(sku.id, { since, until: now });
    for (const location of locations) {
      const suggestion = suggestReplenishment({
        sku: sku.id,
        location: location.id,
        quantities: await engine.quantities(sku.id, location.id),
        unitsSold: sold.get(location.id) ?? 0,
        windowDays,
        terms,
      });
      const shows = suggestion.unitsSold > 0 || suggestion.position > 0 || suggestion.suggestedQuantity > 0;
      if (shows) suggestions.push(suggestion);
    }
  }
  return { asOf: now.toISOString(), since: since.toISOString(), windowDays, suggestions, skusWithoutSupplier };
}
