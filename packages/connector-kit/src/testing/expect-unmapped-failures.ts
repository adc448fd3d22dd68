import type { ItemFailureV2 } from '@stockwire/connector-spec';
import { UnmappedLocationError, UnmappedSkuError } from '@stockwire/connector-spec';
import { expectTypedFailures, fail } from './conformance-helpers.ts';

/** Input seeded with both flaws reports exactly one UnmappedSkuError and one UnmappedLocationError. */
export function expectUnmappedFailures(failures: readonly ItemFailureV2[], what: string): void {
  expectTypedFailures(failures, what);
  const sku = failures.filter((failure) => UnmappedSkuError.isInstance(failure.error));
  const location = failures.filter((failure) => UnmappedLocationError.isInstance(failure.error));
  const names = failures.map((failure) => failure.error.name).join(', ') || 'none';
  if (sku.length !== 1)
    fail(`${what} with one unmapped SKU reported ${sku.length} UnmappedSkuError (failures: ${names})`);
  if (location.length !== 1) {
    fail(`${what} with one unmapped location reported ${location.length} UnmappedLocationError (failures: ${names})`);
  }
  if (failures.length !== 2) fail(`${what} reported failures beyond the two unmapped items: ${names}`);
}
