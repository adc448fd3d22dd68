import type { ConnectorStateStoreV2 } from '@stockwire/connector-spec';

/** The connection's shared state key holding the catalog version of the latest `catalog.version.updated`. */
export const squareCatalogVersionKey = 'square-catalog-version';

/**
 * The catalog version every process of a connection agrees on, kept in the connection's shared state store: the
 * process that parses `catalog.version.updated` records it, and every process compares the version its catalog
 * was loaded at with it, so a SKU renamed at Square reaches every runner process, not just the one that got the
 * webhook. Without a state store there is nothing shared: reads give undefined and recording does nothing.
 */
export interface SquareCatalogVersion {
  /** The shared version, or undefined when none was recorded (or there is no state store). */
  read(): Promise<string | undefined>;
  /** Records a version unless the shared one is already newer (webhooks may arrive out of order). */
  record(version: string): Promise<void>;
}

export function createSquareCatalogVersion(state: ConnectorStateStoreV2 | undefined): SquareCatalogVersion {
  return {
    read: async () => await state?.get<string>(squareCatalogVersionKey),
    async record(version) {
      if (state === undefined) return;
      const current = await state.get<string>(squareCatalogVersionKey);
      if (current !== undefined && !isCatalogVersionOlder(current, version)) return;
      await state.set(squareCatalogVersionKey, version);
    },
  };
}

/**
 * Whether a catalog loaded at `loaded` predates `shared`. Versions are Square's `updated_at` timestamps, compared
 * as instants; one that does not parse is compared as text, and any difference then counts as older (a spurious
 * reload is cheap, a stale map is not).
 */
export function isCatalogVersionOlder(loaded: string | undefined, shared: string | undefined): boolean {
  if (shared === undefined) return false;
  if (loaded === undefined) return true;
  const loadedAt = Date.parse(loaded);
  const sharedAt = Date.parse(shared);
  if (Number.isNaN(loadedAt) || Number.isNaN(sharedAt)) return loaded !== shared;
  return loadedAt < sharedAt;
}
