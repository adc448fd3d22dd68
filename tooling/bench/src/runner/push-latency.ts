import { loadavg } from 'node:os';
import { loadShopifyCatalog } from './load-shopify-catalog.ts';
import { readPushStages, type StageFigures } from './push-stages.ts';
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
  readonly arrival: 'job-per-event' | 'job-per-tick';
  /** The machine's one-minute load average when the measured phase started and ended (2 cores shared). */
  readonly load: { readonly start: number; readonly end: number };
  /** The runner's own stage histogram over the measured phase (see push-stages.ts). */
  readonly stages: readonly StageFigures[];
}

/**
 * Event-in to push-out at a steady rate: every 10 ms the events due are handed to the runner's apply queue, each
 * moving one SKU × location to a new value, one job per event (as verified webhooks arrive) or one job per tick (as
 * a poll page or a batched delivery arrives); the push-out time is when the Shopify sandbox stores that value. The
 * push debounce is the production default unless a row says otherwise (included in the figure).
 */
export async function measurePushLatency(input: {
  redisUrl: string;
  eventsPerSecond: number;
  seconds: number;
  skuCount: number;
  locationCount: number;
  /** The runner's push debounce: 0 (nothing to subtract) or the production default, reported as measured. */
  debounceMs: number;
  /** One apply job per event (webhooks), or per 10 ms tick (a page of the events due then). */
  arrival: 'job-per-event' | 'job-per-tick';
  /** Runner options beyond the debounce (production defaults otherwise). */
  runnerOptions?: Record<string, unknown>;
  onProgress: (text: string) => void;
}): Promise<LatencyResult> {
  const skus = Array.from({ length: input.skuCount }, (_, index) => `SKU-${String(index).padStart(6, '0')}`);
  const store = await createBenchStore(skus, input.locationCount);
  let world: VendorWorld | undefined;
  try {
    input.onProgress('latency: seeding; the connector loads the store catalog');
    world = await startVendorWorld({
      name: `latency-${input.eventsPerSecond}-${input.arrival}`,
      vendor: 'shopify',
      skuCount: input.skuCount,
      vendorLocations: store.vendorLocations,
      settings: shopifySettingsOf(store.sandbox),
      environment: sandboxEnvironmentOf(store.sandbox),
      redisUrl: input.redisUrl,
      seedValue: 0,
      warmUp: loadShopifyCatalog,
      runnerOptions: { ...input.runnerOptions, pushDebounceMs: input.debounceMs },
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
    // The warm-up's calls are not the measured phase's.
    world.runner.metrics.pushStageSeconds.reset();
    const loadAtStart = loadavg()[0] ?? 0;
    const started = performance.now();
    // Occurred a minute before the run at the most (the engine refuses changes older than its settle horizon).
    const firstOccurredAt = Date.now() - 60_000;
    let next = 0;
    const runner = world.runner;
    const { skus: worldSkus, locations } = world;
    const enqueue = (events: unknown[]) =>
      runner.enqueue({
        queue: 'apply',
        name: 'apply',
        data: { connection: authorityConnection, origin: 'webhook', events, receivedAt: Date.now() },
      });
    while (next < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1_000) * input.eventsPerSecond) + 1);
      const events: unknown[] = [];
      for (; next < due; next++) {
        const position = next % positions;
        const value = 1 + Math.floor(next / positions);
        const locationIndex = Math.floor(position / worldSkus.length);
        const sku = worldSkus[position % worldSkus.length] ?? '';
        const occurredAt = new Date(firstOccurredAt + next).toISOString();
        events.push(snapshotEvent(sku, locations[locationIndex] ?? '', value, `bench/latency-${next}`, occurredAt));
        landingKeys.push(`${store.levelKey(sku, store.vendorLocations[locationIndex] ?? '')}=${value}`);
        sentAt.push(performance.now());
      }
      if (input.arrival === 'job-per-tick') {
        if (events.length > 0) await enqueue(events);
      } else await Promise.all(events.map((event) => enqueue([event])));
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
      arrival: input.arrival,
      load: { start: loadAtStart, end: loadavg()[0] ?? 0 },
      mutations: store.sandbox.state.mutationsApplied - mutationsBefore,
      stages: await readPushStages(world.runner),
    };
  } finally {
    await world?.close();
    await store.close();
  }
}
