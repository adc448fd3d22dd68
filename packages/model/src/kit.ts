import type { KitComponent } from './sku.ts';

/**
 * Kits one location can assemble: the scarcest component decides. Computed per location because components
 * in different buildings cannot be packed into one box.
 */
export function kitQuantityAtLocation(
  components: readonly KitComponent[],
  sellableOfComponent: (sku: string) => number,
): number {
  let kits = Number.POSITIVE_INFINITY;
  for (const [sku, quantity] of quantityPerComponent(components)) {
    const sellable = Math.max(0, sellableOfComponent(sku));
    kits = Math.min(kits, Math.floor(sellable / quantity));
  }
  return Number.isFinite(kits) ? kits : 0;
}

/**
 * What one kit needs of each component. The configuration refuses a component listed twice, but a kit built
 * elsewhere may still repeat one: its lines are summed, so `[A×1, A×1]` needs 2 of A (reading each line alone
 * would let 3 of A make 3 kits).
 */
function quantityPerComponent(components: readonly KitComponent[]): Map<string, number> {
  const needed = new Map<string, number>();
  for (const component of components) needed.set(component.sku, (needed.get(component.sku) ?? 0) + component.quantity);
  return needed;
}

/** Kits across locations: assembled per location first, then summed — never computed from totals. */
export function kitQuantityAcrossLocations(
  components: readonly KitComponent[],
  locations: readonly string[],
  sellableAt: (sku: string, location: string) => number,
): number {
  let total = 0;
  for (const location of locations) {
    total += kitQuantityAtLocation(components, (sku) => sellableAt(sku, location));
  }
  return total;
}
