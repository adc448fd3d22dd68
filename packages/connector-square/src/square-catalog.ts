import { MalformedPayloadError, PermanentItemError, UnmappedSkuError } from '@stockwire/connector-spec';
import { isCatalogVersionOlder, type SquareCatalogVersion } from './square-catalog-version.ts';
import type { SquareApi } from './square-client.ts';
import { SquareCatalogVariationSchema } from './square-payloads.ts';

/**
 * What one job (a push, a changes pull, a webhook) knows about the catalog: whether it reloaded it already (it
 * reloads at most once) and whether it compared its catalog with the shared version yet (at most once per job).
 */
export interface SquareCatalogReload {
  done: boolean;
  versionChecked?: boolean;
}

export interface SquareVariation {
  readonly id: string;
  readonly sku: string | undefined;
}

/**
 * The seller's item variations by id and by SKU, loaded with catalog search and kept per connector instance.
 * Loaded in full the first time a SKU or variation is needed, and again (once per call) when one is missing, so a
 * variation added at the store is found without a restart; `catalog.version.updated` forgets it all, in this
 * process and, through the shared catalog version (square-catalog-version.ts), in every other one.
 */
export interface SquareCatalog {
  /** One page of variations (the snapshot walks the catalog page by page); remembers what it read. */
  readPage(cursor: string | undefined, limit: number): Promise<{ variations: SquareVariation[]; cursor?: string }>;
  /** The variation id of a SKU (exact, case-sensitive), or undefined after one reload. */
  variationOf(sku: string, reload: SquareCatalogReload): Promise<string | undefined>;
  /** The SKU of a variation; throws UnmappedSkuError for a variation without one. */
  skuOf(variationId: string): string;
  /** Makes sure these variations are known (reloads once when one is not). */
  ensureKnown(variationIds: Iterable<string>, reload: SquareCatalogReload): Promise<void>;
  forget(): void;
}

export function createSquareCatalog(api: SquareApi, sharedVersion?: SquareCatalogVersion): SquareCatalog {
  const byId = new Map<string, SquareVariation>();
  let loaded = false;
  /** The shared version last read, and the one the loaded catalog is at (read before it was loaded). */
  let sharedSeen: string | undefined;
  let loadedVersion: string | undefined;

  const readPage = async (cursor: string | undefined, limit: number) => {
    const answer = await api.call('SearchCatalogObjects', (sdk) =>
      sdk.catalog.search({ objectTypes: ['ITEM_VARIATION'], cursor, limit }),
    );
    const variations: SquareVariation[] = [];
    (answer.objects ?? []).forEach((object, index) => {
      const parsed = SquareCatalogVariationSchema.safeParse(object);
      if (!parsed.success) {
        throw MalformedPayloadError.fromZodError(`object ${index} of SearchCatalogObjects`, parsed.error, {
          connection: api.connection,
          vendorBody: object,
        });
      }
      if (parsed.data.type !== 'ITEM_VARIATION' || parsed.data.isDeleted === true) return;
      const variation = { id: parsed.data.id, sku: parsed.data.itemVariationData?.sku ?? undefined };
      byId.set(variation.id, variation);
      variations.push(variation);
    });
    return { variations, ...(answer.cursor ? { cursor: answer.cursor } : {}) };
  };

  const loadAll = async () => {
    byId.clear();
    loadedVersion = sharedSeen;
    let cursor: string | undefined;
    do cursor = (await readPage(cursor, 1_000)).cursor;
    while (cursor !== undefined);
    loaded = true;
  };
  /**
   * Once per job, and before its first load, reads the shared version: one state store read (a Redis GET in the
   * runner) per job, next to the Square calls that job makes anyway, rather than one per SKU of a push batch.
   * Checking every job (not every few seconds) makes a rename visible to the very next job in every process.
   */
  const checkSharedVersion = async (reload: SquareCatalogReload) => {
    if (sharedVersion === undefined || reload.versionChecked === true) return;
    reload.versionChecked = true;
    sharedSeen = await sharedVersion.read();
    if (loaded && isCatalogVersionOlder(loadedVersion, sharedSeen)) {
      byId.clear();
      loaded = false;
    }
  };
  const ensure = async (present: () => boolean, reload: SquareCatalogReload) => {
    await checkSharedVersion(reload);
    if (!loaded) {
      await loadAll();
      reload.done = true;
    }
    if (present() || reload.done) return;
    await loadAll();
    reload.done = true;
  };

  return {
    readPage,
    async variationOf(sku, reload) {
      const find = () => [...byId.values()].find((variation) => variation.sku === sku)?.id;
      await ensure(() => find() !== undefined, reload);
      return find();
    },
    skuOf(variationId) {
      const variation = byId.get(variationId);
      if (variation?.sku === undefined || variation.sku.length === 0) {
        throw new UnmappedSkuError({
          connection: api.connection,
          externalSku:
            variation === undefined
              ? `(Square item variation ${variationId}, not in the catalog)`
              : `(Square item variation ${variationId}, which has no SKU)`,
        });
      }
      return variation.sku;
    },
    async ensureKnown(variationIds, reload) {
      const ids = [...variationIds];
      await ensure(() => ids.every((id) => byId.has(id)), reload);
    },
    forget() {
      byId.clear();
      loaded = false;
    },
  };
}

/** The push item names a SKU no Square variation carries. */
export function unknownSkuError(connection: string, sku: string, externalSku: string) {
  return new PermanentItemError({
    connection,
    item: sku,
    reason: `no Square item variation has SKU "${externalSku}"; add the SKU to the item variation in Square, or map the SKU to an existing one`,
  });
}
