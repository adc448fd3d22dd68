import { type ConnectionMappingV2, UnmappedSkuError } from '@stockwire/connector-spec';

/**
 * ShipBob names stock by inventory item: its SKU when it has one, else its numeric inventory id (bundle
 * components in a shipment carry only the id). The SKU is tried first; an alias may name the inventory id.
 */
export function canonicalSkuOf(
  mapping: ConnectionMappingV2,
  sku: string | null | undefined,
  inventoryId: number,
): string {
  const candidates = [sku, String(inventoryId)].filter(
    (candidate): candidate is string => typeof candidate === 'string' && candidate.length > 0,
  );
  let first: unknown;
  for (const candidate of candidates) {
    try {
      return mapping.toCanonicalSku(candidate);
    } catch (error) {
      if (!UnmappedSkuError.isInstance(error)) throw error;
      first ??= error;
    }
  }
  throw first;
}
