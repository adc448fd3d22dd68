import { loadavg } from 'node:os';
import { loadShopifyCatalog } from './load-shopify-catalog.ts';
import { readPushStages, type StageFigures } from './push-stages.ts';
import { createShipHeroAuthority, type ShipHeroAuthority } from './shiphero-authority.ts';
import { createBenchStore, sandboxEnvironmentOf, shopifySettingsOf } from './shopify-store.ts';
import { authorityConnection, snapshotEvent, startVendorWorld, type VendorWorld } from './vendor-world.ts';
import {
  deliveriesPerEngineCall,
  startWebhookArrival,
  type WebhookFigures,
  webhookOutcomes,
} from './webhook-arrival.ts';

/**
 * How events reach the runner: signed ShipHero webhooks posted to its HTTP server, one delivery per event; or
 * handed to its apply queue, one job per event or one job per 10 ms tick (a poll page, a batched delivery).
 */
export type LatencyArrival = 'webhook' | 'job-per-event' | 'job-per-tick';

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
  readonly arrival: LatencyArrival;
  /** The webhook rows' HTTP side: answer times, refusals and failures, what the runner made of the deliveries. */
  readonly webhooks?: WebhookFigures | undefined;
  /** The machine's one-minute load average when the measured phase started and ended (2 cores shared). */
  readonly load: { readonly start: number; readonly end: number };
  /**
   * This process's CPU from the first event to the last landing, less the poster thread's, per event (µs); and how
   * busy the runner's event loop was over that time (0 to 1). The Shopify sandbox runs on that loop too.
   */
  readonly runnerCpu: { readonly microsecondsPerEvent: number; readonly eventLoopUtilization: number };
  /** The runner's own stage histogram over the measured phase (see push-stages.ts). */
  readonly stages: readonly StageFigures[];
}

/**
 * Event-in to push-out at a steady rate: every 10 ms the events due arrive, each moving one SKU × location to a new
 * value, either as signed ShipHero webhooks posted to the runner's HTTP server, one delivery per event (ShipHero the
 * authority for on hand), or handed to the runner's apply queue (an `erp` authority), one job per event or one per
 * tick; the push-out time is when the Shopify sandbox stores that value. The push debounce is the production
 * default unless a row says otherwise (included in the figure).
 */
export async function measurePushLatency(input: {
  redisUrl: string;
  eventsPerSecond: number;
  seconds: number;
  skuCount: number;
  locationCount: number;
  /** The runner's push debounce: 0 (nothing to subtract) or the production default, reported as measured. */
  debounceMs: number;
  arrival: LatencyArrival;
  /** Runner options beyond the debounce (production defaults otherwise). */
  runnerOptions?: Record<string, unknown>;
  onProgress: (text: string) => void;
  /** Called as the measured phase starts and once the last value landed (try-latency.ts profiles in between). */
  onPhase?: (phase: 'start' | 'end') => Promise<void>;
}): Promise<LatencyResult> {
  const skus = Array.from({ length: input.skuCount }, (_, index) => `SKU-${String(index).padStart(6, '0')}`);
  const store = await createBenchStore(skus, input.locationCount);
  const webhook = input.arrival === 'webhook';
  let authority: ShipHeroAuthority | undefined;
  let world: VendorWorld | undefined;
  let arrival: Awaited<ReturnType<typeof startWebhookArrival>> | undefined;
  try {
    input.onProgress('latency: seeding; the connector loads the store catalog');
    if (webhook) {
      authority = await createShipHeroAuthority({
        warehouseCount: input.locationCount,
        connection: authorityConnection,
      });
    }
    world = await startVendorWorld({
      name: `latency-${input.eventsPerSecond}-${input.arrival}`,
      vendor: 'shopify',
      skuCount: input.skuCount,
      vendorLocations: store.vendorLocations,
      settings: shopifySettingsOf(store.sandbox),
      environment: { ...sandboxEnvironmentOf(store.sandbox), ...authority?.environment },
      redisUrl: input.redisUrl,
      seedValue: 0,
      warmUp: loadShopifyCatalog,
      runnerOptions: { ...input.runnerOptions, pushDebounceMs: input.debounceMs },
      ...(authority === undefined
        ? {}
        : {
            authority: {
              connector: 'shiphero',
              settings: authority.settings,
              locations: authority.warehouses.map((warehouse) => warehouse.uuid),
            },
          }),
    });
    const positions = input.skuCount * input.locationCount;
    const total = input.eventsPerSecond * input.seconds;
    const { runner } = world;
    if (authority !== undefined) {
      const options = { runner, connection: authorityConnection, authority, events: total, skus: world.skus };
      arrival = await startWebhookArrival({ ...options, eventsPerSecond: input.eventsPerSecond });
    }
    await store.bucketFull();
    input.onProgress(
      `latency: ${input.eventsPerSecond} events/s for ${input.seconds} s (${input.arrival}), debounce ${input.debounceMs} ms`,
    );
    // Event i sets one position to one value, the same in every arrival (the poster builds its deliveries alike).
    const { skus: worldSkus, locations } = world;
    const eventOf = (index: number) => {
      const position = index % positions;
      const locationIndex = Math.floor(position / worldSkus.length);
      return {
        sku: worldSkus[position % worldSkus.length] ?? '',
        locationIndex,
        location: locations[locationIndex] ?? '',
        value: 1 + Math.floor(index / positions),
      };
    };
    const mutationsBefore = store.sandbox.state.mutationsApplied;
    store.watch();
    // The warm-up's calls are not the measured phase's.
    runner.metrics.pushStageSeconds.reset();
    runner.metrics.webhooks.reset();
    runner.metrics.applyDeliveriesPerCall.reset();
    await input.onPhase?.('start');
    const loadAtStart = loadavg()[0] ?? 0;
    const cpuAtStart = process.cpuUsage();
    const loopAtStart = performance.eventLoopUtilization();
    const started = performance.now();
    let sentAt: ArrayLike<number>;
    let webhookFigures: Omit<WebhookFigures, 'outcomes' | 'deliveriesPerEngineCall'> | undefined;
    if (arrival !== undefined) {
      ({ sentAt, webhooks: webhookFigures } = await arrival.post());
    } else {
      sentAt = await handToApplyQueue(runner, input.arrival === 'job-per-tick', {
        eventsPerSecond: input.eventsPerSecond,
        total,
        eventOf,
      });
    }
    const seconds = (performance.now() - started) / 1_000;
    const landingKeys = Array.from({ length: total }, (_, index) => {
      const event = eventOf(index);
      return `${store.levelKey(event.sku, store.vendorLocations[event.locationIndex] ?? '')}=${event.value}`;
    });
    const deadline = performance.now() + 120_000;
    // The last value sent to each position is the one that must land; earlier ones may be overtaken.
    const finalKeys = landingKeys.slice(-positions);
    while (!finalKeys.every((key) => store.landed.has(key)) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const cpu = process.cpuUsage(cpuAtStart);
    await input.onPhase?.('end');
    const runnerCpuMs = (cpu.user + cpu.system) / 1_000 - (webhookFigures?.posterCpuMs ?? 0);
    const runnerCpu = {
      microsecondsPerEvent: (runnerCpuMs * 1_000) / total,
      eventLoopUtilization: performance.eventLoopUtilization(loopAtStart).utilization,
    };
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
    const webhooks =
      webhookFigures === undefined
        ? undefined
        : {
            ...webhookFigures,
            outcomes: await webhookOutcomes(runner),
            deliveriesPerEngineCall: await deliveriesPerEngineCall(runner),
          };
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
      webhooks,
      runnerCpu,
      load: { start: loadAtStart, end: loadavg()[0] ?? 0 },
      mutations: store.sandbox.state.mutationsApplied - mutationsBefore,
      stages: await readPushStages(runner),
    };
  } finally {
    await arrival?.close();
    await world?.close();
    await Promise.allSettled([store.close(), authority?.close()]);
  }
}

/**
 * The apply-queue arrivals: every 10 ms the events due are enqueued as the `erp` connection's, one job per event or
 * one per tick. Returns when each event was handed over (performance.now()), by event index.
 */
async function handToApplyQueue(
  runner: VendorWorld['runner'],
  perTick: boolean,
  input: {
    eventsPerSecond: number;
    total: number;
    eventOf: (index: number) => { sku: string; location: string; value: number };
  },
): Promise<number[]> {
  const sentAt: number[] = [];
  const started = performance.now();
  // Occurred a minute before the run at the most (the engine refuses changes older than its settle horizon).
  const firstOccurredAt = Date.now() - 60_000;
  const enqueue = (events: unknown[]) =>
    runner.enqueue({
      queue: 'apply',
      name: 'apply',
      data: { connection: authorityConnection, origin: 'webhook', events, receivedAt: Date.now() },
    });
  let next = 0;
  while (next < input.total) {
    const due = Math.min(input.total, Math.floor(((performance.now() - started) / 1_000) * input.eventsPerSecond) + 1);
    const events: unknown[] = [];
    for (; next < due; next++) {
      const { sku, location, value } = input.eventOf(next);
      const occurredAt = new Date(firstOccurredAt + next).toISOString();
      events.push(snapshotEvent(sku, location, value, `bench/latency-${next}`, occurredAt));
      sentAt.push(performance.now());
    }
    if (perTick) {
      if (events.length > 0) await enqueue(events);
    } else await Promise.all(events.map((event) => enqueue([event])));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return sentAt;
}
