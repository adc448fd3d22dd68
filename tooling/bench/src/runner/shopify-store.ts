import { createShopifySandbox, type ShopifySandbox, standardPlan } from '@stockwire/connector-shopify/sandbox';

/** A Shopify sandbox store on the Standard plan with `skuCount` items stocked (available 0) at each location. */
export interface BenchStore {
  readonly sandbox: ShopifySandbox;
  readonly vendorLocations: readonly string[];
  /** The sandbox's level key of a SKU at a Shopify location. */
  levelKey(sku: string, vendorLocation: string): string;
  /** When each `levelKey=available` value was first stored by the sandbox (performance.now() ms), since `watch`. */
  readonly landed: Map<string, number>;
  /** Starts recording landings (and forgets earlier ones). */
  watch(): void;
  counters(): StoreCounters;
  /** Waits until the cost bucket is full again, so each measured phase starts from the same budget. */
  bucketFull(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreCounters {
  readonly calls: number;
  readonly mutations: number;
  readonly quantitiesWritten: number;
  readonly throttled: number;
  readonly answers: number;
}

export const sandboxEnvironmentOf = (sandbox: ShopifySandbox) => ({
  BENCH_SHOPIFY_TOKEN: sandbox.accessToken,
  BENCH_SHOPIFY_SECRET: sandbox.apiSecretKey,
});

export const shopifySettingsOf = (sandbox: ShopifySandbox) => ({
  shop: sandbox.shop,
  adminApiUrl: sandbox.baseUrl,
  accessToken: { env: 'BENCH_SHOPIFY_TOKEN' },
  apiSecretKey: { env: 'BENCH_SHOPIFY_SECRET' },
});

export async function createBenchStore(skus: readonly string[], locationCount: number): Promise<BenchStore> {
  const sandbox = await createShopifySandbox({ plan: standardPlan });
  const vendorLocations = Array.from({ length: locationCount }, (_, index) => `gid://shopify/Location/${index + 1}`);
  const itemOf = new Map<string, string>();
  for (const location of vendorLocations) sandbox.addLocation(location);
  for (const sku of skus) {
    const item = sandbox.addInventoryItem(sku);
    itemOf.set(sku, item);
    for (const location of vendorLocations) sandbox.setLevel(item, location, { available: 0, on_hand: 0 });
  }
  const landed = new Map<string, number>();
  let watching = false;
  // The sandbox stores each level it writes with `levels.set`: that moment is when a push has landed on the store.
  const levels = sandbox.state.levels;
  const store = levels.set.bind(levels);
  levels.set = (key, level) => {
    if (watching) {
      const value = `${key}=${String(level.available)}`;
      if (!landed.has(value)) landed.set(value, performance.now());
    }
    return store(key, level);
  };
  return {
    sandbox,
    vendorLocations,
    levelKey: (sku, vendorLocation) => `${itemOf.get(sku)}@${vendorLocation}`,
    landed,
    watch() {
      landed.clear();
      watching = true;
    },
    counters: () => ({
      calls: sandbox.server.calls.length,
      mutations: sandbox.state.mutationsApplied,
      quantitiesWritten: sandbox.state.quantitiesWritten,
      throttled: sandbox.state.throttled,
      answers: sandbox.state.idempotency.size,
    }),
    async bucketFull() {
      for (;;) {
        const status = sandbox.throttleStatus();
        if (status.currentlyAvailable >= status.maximumAvailable) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: () => sandbox.close(),
  };
}

/** Quantities the sandbox applied since `answersBefore` that changed nothing (delta 0): unchanged values re-sent. */
export function unchangedWrites(store: BenchStore, answersBefore: number): number {
  let unchanged = 0;
  let index = 0;
  for (const { answer } of store.sandbox.state.idempotency.values()) {
    if (index++ < answersBefore) continue;
    const changes = (answer as { inventoryAdjustmentGroup?: { changes?: { delta: number }[] } | null })
      .inventoryAdjustmentGroup?.changes;
    for (const change of changes ?? []) if (change.delta === 0) unchanged++;
  }
  return unchanged;
}
