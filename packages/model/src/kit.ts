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
  for (const component of components) {
    const sellable = Math.max(0, sellableOfComponent(component.sku));
    kits = Math.min(kits, Math.floor(sellable / component.quantity));
  }
  return Number.isFinite(kits) ? kits : 0;
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
