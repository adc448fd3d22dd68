/**
 * The translation between one connection's names and canonical ones. Connectors translate only through this,
 * so an unknown SKU or location is always the same typed error, never a guess.
 */
export interface ConnectionMappingV2 {
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
