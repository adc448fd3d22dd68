import { type Catalog, ModelError, unitsPerConnectionUnit } from '@stockwire/model';
import { UnmappedLocationError } from '../errors/unmapped-location-error.ts';
import { UnmappedSkuError } from '../errors/unmapped-sku-error.ts';

/**
 * The translation between one connection's names and canonical ones. Connectors translate only through this,
 * so an unknown SKU or location is always the same typed error, never a guess.
 */
export interface ConnectionMappingV1 {
  readonly connection: string;
  /** Canonical SKU for the connection's SKU; throws UnmappedSkuError. */
  toCanonicalSku(externalSku: string): string;
  /** Canonical location for the connection's location id; throws UnmappedLocationError. */
  toCanonicalLocation(externalLocation: string): string;
  /** The connection's SKU for a canonical one (its alias, or the canonical id). */
  toExternalSku(sku: string): string;
  /** The connection's location id for a canonical one; throws UnmappedLocationError when none is mapped. */
  toExternalLocation(location: string): string;
  /** Canonical units in one of the connection's units of this SKU (12 for cases of 12). */
  unitsPer(sku: string): number;
}

/** Builds the mapping of one connection from the catalog the configuration describes. */
export function createConnectionMapping(catalog: Catalog, connection: string): ConnectionMappingV1 {
  return {
    connection,
    toCanonicalSku(externalSku) {
      try {
        return catalog.resolveSku(connection, externalSku);
      } catch (error) {
        if (ModelError.isInstance(error)) throw new UnmappedSkuError({ connection, externalSku, cause: error });
        throw error;
      }
    },
    toCanonicalLocation(externalLocation) {
      try {
        return catalog.resolveLocation(connection, externalLocation);
      } catch (error) {
        if (ModelError.isInstance(error))
          throw new UnmappedLocationError({ connection, externalLocation, cause: error });
        throw error;
      }
    },
    toExternalSku(sku) {
      return catalog.externalSku(connection, sku);
    },
    toExternalLocation(location) {
      const external = catalog.externalLocation(connection, location);
      if (external === undefined) throw new UnmappedLocationError({ connection, externalLocation: location });
      return external;
    },
    unitsPer(sku) {
      const definition = catalog.skus.get(sku);
      return definition === undefined ? 1 : unitsPerConnectionUnit(definition, connection);
    },
  };
}
