import { type AllocationContext, resolvePools } from './allocation.ts';
import type { StockwireConfiguration } from './configuration.ts';
import type { Location } from './location.ts';
import { UnknownAliasError, UnknownLocationError } from './model-errors.ts';
import type { Sku } from './sku.ts';

/**
 * Lookups built once from a validated configuration: canonical SKUs and locations, and each connection's names
 * for them. A SKU's own id is accepted from a connection that has no alias for it; anything else must be an alias.
 */
export interface Catalog {
  readonly skus: ReadonlyMap<string, Sku>;
  readonly locations: ReadonlyMap<string, Location>;
  /** Canonical SKU id for a connection's SKU; throws UnknownAliasError. */
  resolveSku(connection: string, externalSku: string): string;
  /** Canonical location id for a connection's location id; throws UnknownLocationError. */
  resolveLocation(connection: string, externalLocation: string): string;
  /** The connection's name for a canonical SKU (its alias, or the id itself). */
  externalSku(connection: string, sku: string): string;
  /** The connection's id for a canonical location, when mapped. */
  externalLocation(connection: string, location: string): string | undefined;
  /** Kits that use this SKU as a component. */
  kitsContaining(sku: string): readonly string[];
  /** The configured pools and reservations, for channel computations; absent when none are configured. */
  readonly allocation?: AllocationContext | undefined;
}

/**
 * One catalog per configuration object. The engine and the runner's connection mappings each asked for one of the
 * same configuration, and each built its own SKU index: a second map of every SKU, ~14 MiB of heap at 333,334 SKUs
 * held for the process's life (#14). A configuration is validated once and never changed afterwards (a new one is
 * a new object), so the catalog built from it can be shared; the weak map lets both go together.
 */
const catalogs = new WeakMap<StockwireConfiguration, Catalog>();

export function buildCatalog(configuration: StockwireConfiguration): Catalog {
  let catalog = catalogs.get(configuration);
  if (catalog === undefined) {
    catalog = indexCatalog(configuration);
    catalogs.set(configuration, catalog);
  }
  return catalog;
}

function indexCatalog(configuration: StockwireConfiguration): Catalog {
  const skus = new Map(configuration.skus.map((sku) => [sku.id, sku]));
  const locations = new Map(configuration.locations.map((location) => [location.id, location]));
  const aliasToSku = new Map<string, string>();
  const skuToAlias = new Map<string, string>();
  const kitsByComponent = new Map<string, string[]>();
  for (const sku of configuration.skus) {
    for (const alias of sku.aliases) {
      aliasToSku.set(`${alias.connection}\u0000${alias.value}`, sku.id);
      if (!skuToAlias.has(`${alias.connection}\u0000${sku.id}`))
        skuToAlias.set(`${alias.connection}\u0000${sku.id}`, alias.value);
    }
    for (const component of new Set(sku.kit?.components.map((line) => line.sku))) {
      kitsByComponent.set(component, [...(kitsByComponent.get(component) ?? []), sku.id]);
    }
  }
  const externalToLocation = new Map<string, string>();
  const locationToExternal = new Map<string, string>();
  for (const [connectionId, connection] of Object.entries(configuration.connections)) {
    for (const [external, canonical] of Object.entries(connection.locations)) {
      externalToLocation.set(`${connectionId}\u0000${external}`, canonical);
      locationToExternal.set(`${connectionId}\u0000${canonical}`, external);
    }
  }
  const pools = resolvePools(configuration.allocation, configuration.locations);
  return {
    skus,
    locations,
    ...(pools.length > 0 ? { allocation: { pools, channels: configuration.channels } } : {}),
    resolveSku(connection, externalSku) {
      const aliased = aliasToSku.get(`${connection}\u0000${externalSku}`);
      if (aliased !== undefined) return aliased;
      // The canonical id is accepted only where the connection has no alias of its own for that SKU: a name
      // that the connection uses for something else must never be read as ours.
      if (skus.has(externalSku) && !skuToAlias.has(`${connection}\u0000${externalSku}`)) return externalSku;
      throw new UnknownAliasError(connection, externalSku);
    },
    resolveLocation(connection, externalLocation) {
      const canonical = externalToLocation.get(`${connection}\u0000${externalLocation}`);
      if (canonical === undefined) throw new UnknownLocationError(connection, externalLocation);
      return canonical;
    },
    externalSku(connection, sku) {
      return skuToAlias.get(`${connection}\u0000${sku}`) ?? sku;
    },
    externalLocation(connection, location) {
      return locationToExternal.get(`${connection}\u0000${location}`);
    },
    kitsContaining(sku) {
      return kitsByComponent.get(sku) ?? [];
    },
  };
}
