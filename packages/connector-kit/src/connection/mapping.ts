import { type ConnectionMappingV2, UnmappedLocationError, UnmappedSkuError } from '@stockwire/connector-spec';
import { type Catalog, ModelError, unitsPerConnectionUnit } from '@stockwire/model';

/** Builds the mapping of one connection from the catalog the configuration describes. */
export function createConnectionMapping(catalog: Catalog, connection: string): ConnectionMappingV2 {
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
