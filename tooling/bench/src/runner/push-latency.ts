import { loadShopifyCatalog } from './load-shopify-catalog.ts';
import { createBenchStore, sandboxEnvironmentOf, shopifySettingsOf } from './shopify-store.ts';
import { authorityConnection, snapshotEvent, startVendorWorld, type VendorWorld } from './vendor-world.ts';

export interface LatencyResult {
  readonly eventsPerSecond: number;
  readonly events: number;
  readonly seconds: number;
  readonly positions: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maximumMs: number;
  /** The runner's push debounce during the run: 0 means nothing to subtract; otherwise included, up to this much. */
  readonly debounceMs: number;
  readonly mutations: number;
}

/**
 * Event-in to push-out at a steady rate: every 10 ms the events due are handed to the runner's apply queue, one job
 * per event (as verified webhooks arrive), each moving one SKU × location to a new value; the push-out time is when
 * the Shopify sandbox stores that value. Run with the push debounce at 0 (nothing to subtract) and at the production
 * default (each event then waits up to that long for the debounce, included in the figure).
 */
export async function measurePushLatency(input: {
  redisUrl: string;
  eventsPerSecond: number;
  seconds: number;
  skuCount: number;
  locationCount: number;
  /** The runner's push debounce: 0 (nothing to subtract) or the production default, reported as measured. */
  debounceMs: number;
  onProgress: (text: string) => void;
}): Promise<LatencyResult> {
  const skus = Array.from({ length: input.skuCount }, (_, index) => `SKU-${String(index).padStart(6, '0')}`);
  const store = await createBenchStore(skus, input.locationCount);
  let world: VendorWorld | undefined;
  try {
    input.onProgress('latency: seeding; the connector loads the store catalog');
    world = await startVendorWorld({
      name: `latency-${input.debounceMs}`,
      vendor: 'shopify',
      skuCount: input.skuCount,
      vendorLocations: store.vendorLocations,
      settings: shopifySettingsOf(store.sandbox),
      environment: sandboxEnvironmentOf(store.sandbox),
      redisUrl: input.redisUrl,
      seedValue: 0,
      warmUp: loadShopifyCatalog,
      runnerOptions: { pushDebounceMs: input.debounceMs },
    });
    await store.bucketFull();
    input.onProgress(
      `latency: ${input.eventsPerSecond} events/s for ${input.seconds} s, debounce ${input.debounceMs} ms`,
    );
    const positions = input.skuCount * input.locationCount;
    const total = input.eventsPerSecond * input.seconds;
    const sentAt: number[] = [];
    const landingKeys: string[] = [];
    const mutationsBefore = store.sandbox.state.mutationsApplied;
    store.watch();
    const started = performance.now();
    let next = 0;
    const runner = world.runner;
    const { skus: worldSkus, locations } = world;
    while (next < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1_000) * input.eventsPerSecond) + 1);
      const sends: Promise<void>[] = [];
      for (; next < due; next++) {
        const position = next % positions;
        const value = 1 + Math.floor(next / positions);
        const locationIndex = Math.floor(position / worldSkus.length);
        const sku = worldSkus[position % worldSkus.length] ?? '';
        const event = snapshotEvent(
          sku,
          locations[locationIndex] ?? '',
          value,
          `bench/latency-${next}`,
          new Date(Date.parse('2026-11-27T00:00:00Z') + next).toISOString(),
        );
        landingKeys.push(`${store.levelKey(sku, store.vendorLocations[locationIndex] ?? '')}=${value}`);
        sentAt.push(performance.now());
        sends.push(
          runner.enqueue({
            queue: 'apply',
            name: 'apply',
            data: { connection: authorityConnection, origin: 'webhook', events: [event], receivedAt: Date.now() },
          }),
        );
      }
      await Promise.all(sends);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const seconds = (performance.now() - started) / 1_000;
    const deadline = performance.now() + 120_000;
    // The last value sent to each position is the one that must land; earlier ones may be overtaken.
    const finalKeys = landingKeys.slice(-positions);
    while (!finalKeys.every((key) => store.landed.has(key)) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // A value overtaken by a newer one for the same SKU × location before it was pushed is out when the newer one is.
    const landedAtOrAfter = (key: string) => {
      const separator = key.lastIndexOf('=');
      const level = key.slice(0, separator);
      let value = Number(key.slice(separator + 1));
      for (; value <= Math.ceil(total / positions); value++) {
        const landed = store.landed.get(`${level}=${value}`);
        if (landed !== undefined) return landed;
      }
      return Number.POSITIVE_INFINITY;
    };
    const latencies = landingKeys
      .map((key, index) => landedAtOrAfter(key) - (sentAt[index] ?? 0))
      .sort((left, right) => left - right);
    const percentile = (share: number) =>
      latencies[Math.min(latencies.length - 1, Math.ceil(share * latencies.length) - 1)] ?? Number.NaN;
    return {
      eventsPerSecond: input.eventsPerSecond,
      events: total,
      seconds,
      positions,
      p50Ms: percentile(0.5),
      p99Ms: percentile(0.99),
      maximumMs: latencies.at(-1) ?? Number.NaN,
      debounceMs: input.debounceMs,
      mutations: store.sandbox.state.mutationsApplied - mutationsBefore,
    };
  } finally {
    await world?.close();
    await store.close();
  }
}
