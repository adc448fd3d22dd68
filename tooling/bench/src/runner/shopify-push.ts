import { shopifyMaxBatchSize } from '@stockwire/connector-shopify';
import { standardPlan } from '@stockwire/connector-shopify/sandbox';
import { loadShopifyCatalog } from './load-shopify-catalog.ts';
import {
  type BenchStore,
  createBenchStore,
  sandboxEnvironmentOf,
  shopifySettingsOf,
  unchangedWrites,
} from './shopify-store.ts';
import {
  enqueueEvents,
  snapshotEvent,
  startVendorWorld,
  type VendorWorld,
  vendorConnection,
  waitFor,
} from './vendor-world.ts';

/** Mutation cost of `inventorySetQuantities` in the sandbox's cost model (requested = actual = 10 points). */
export const mutationCost = 10;

export interface ApiEfficiencyResult {
  readonly vendor: 'shopify' | 'amazon';
  /** SKU × location quantities changed in the phase. */
  readonly changed: number;
  /** Events that left a quantity as it was (same value again, or the value the vendor already shows). */
  readonly unchangedEvents: number;
  /** The fewest calls the vendor's batch size allows: Shopify ⌈N/250⌉ mutations; Amazon one feed per 25,000 per marketplace. */
  readonly minimumCalls: number;
  /** Writes that ran: Shopify mutations applied; Amazon feeds created plus listings patches. */
  readonly writeCalls: number;
  /** Every call the vendor saw in the phase: writes, reads, THROTTLED answers, feed polls and document transfers. */
  readonly allCalls: number;
  readonly throttled: number;
  /** Values the vendor's own log shows written again unchanged (delta 0), plus positions written more than once. */
  readonly unchangedResent: number;
  readonly seconds: number;
  /** When the runner had handed every event of the phase to the engine (its apply jobs done), to within 0.1 s. */
  readonly appliedSeconds?: number;
}

export interface ConvergenceResult {
  readonly changes: number;
  readonly seconds: number;
  readonly boundSeconds: number;
  readonly mutations: number;
  readonly minimumMutations: number;
  readonly bucket: { maximumAvailable: number; restoreRate: number; availableAtStart: number };
  readonly efficiency: ApiEfficiencyResult;
}

export interface ShopifyPushResults {
  readonly efficiency: ApiEfficiencyResult;
  readonly convergence: ConvergenceResult;
  readonly positions: number;
  readonly warmUp: { catalogSkus: number; seconds: number };
}

export interface Phase {
  /** Position index → new on-hand value, for the positions that change. */
  readonly changes: ReadonlyMap<number, number>;
  /** Positions given a value they already have (sent after the changes). */
  readonly repeats: ReadonlyMap<number, number>;
  readonly label: string;
}

/**
 * The Shopify push path end to end: the runner in this process (apply and push workers, shared limiter in Redis,
 * the real connector through `@shopify/shopify-api`) against the Shopify sandbox on the Standard plan. Two phases on
 * one store: `efficiencyChanges` quantities (calls against ⌈N/250⌉), then every position changed at once (time
 * against the cost bucket's bound).
 */
export async function measureShopifyPush(input: {
  redisUrl: string;
  skuCount: number;
  locationCount: number;
  efficiencyChanges: number;
  runnerOptions?: Record<string, unknown>;
  onProgress: (text: string) => void;
}): Promise<ShopifyPushResults> {
  const skus = Array.from({ length: input.skuCount }, (_, index) => `SKU-${String(index).padStart(6, '0')}`);
  const store = await createBenchStore(skus, input.locationCount);
  let world: VendorWorld | undefined;
  let warmUpSeconds = 0;
  try {
    world = await startVendorWorld({
      name: 'shopify',
      vendor: 'shopify',
      skuCount: input.skuCount,
      vendorLocations: store.vendorLocations,
      settings: shopifySettingsOf(store.sandbox),
      environment: sandboxEnvironmentOf(store.sandbox),
      redisUrl: input.redisUrl,
      seedValue: 0,
      warmUp: async (started) => {
        input.onProgress('Shopify: seeding a converged installation; the connector loads the store catalog');
        const warmUpStarted = performance.now();
        await loadShopifyCatalog(started);
        warmUpSeconds = (performance.now() - warmUpStarted) / 1_000;
      },
      runnerOptions: input.runnerOptions,
    });
    const positions = input.skuCount * input.locationCount;
    // After the seed (an hour ago) and inside the engine's settle horizon whatever the date.
    let clock = Date.now() - 30 * 60_000;
    const occurredAt = () => new Date(clock++).toISOString();
    await store.bucketFull();
    input.onProgress(`Shopify: ${input.efficiencyChanges.toLocaleString('en-US')} changes`);
    const efficiencyPhase = phaseOf(input.efficiencyChanges, (position) => 1 + (position % 50), positions);
    const efficiency = await sendPhase(world, store, efficiencyPhase, occurredAt);
    await store.bucketFull();

    input.onProgress(`Shopify: ${positions.toLocaleString('en-US')} changes against the cost bucket`);
    const availableAtStart = store.sandbox.throttleStatus().currentlyAvailable;
    const convergencePhase = phaseOf(positions, (position) => 100 + (position % 50), positions);
    const convergence = await sendPhase(world, store, convergencePhase, occurredAt);
    const minimumMutations = Math.ceil(positions / shopifyMaxBatchSize);
    const boundSeconds = Math.max(0, minimumMutations * mutationCost - availableAtStart) / standardPlan.restoreRate;
    return {
      positions,
      warmUp: { catalogSkus: input.skuCount, seconds: warmUpSeconds },
      efficiency,
      convergence: {
        changes: positions,
        seconds: convergence.seconds,
        boundSeconds,
        mutations: convergence.writeCalls,
        minimumMutations,
        bucket: { ...standardPlan, availableAtStart },
        efficiency: convergence,
      },
    };
  } finally {
    await world?.close();
    await store.close();
  }
}

/** Events the runner's apply jobs handed to the engine so far (its own counter). */
async function eventsReceived(world: VendorWorld): Promise<number> {
  const metric = await world.runner.metrics.eventsReceived.get();
  return metric.values.reduce((sum, entry) => sum + entry.value, 0);
}

/** `count` positions changed to `quantityOf(position)`, then a tenth of them sent again with the same value. */
export function phaseOf(count: number, quantityOf: (position: number) => number, positions: number): Phase {
  const changes = new Map<number, number>();
  for (let position = 0; position < Math.min(count, positions); position++) changes.set(position, quantityOf(position));
  const repeats = new Map<number, number>();
  for (let position = 0; position < Math.ceil(count / 10); position++) repeats.set(position, quantityOf(position));
  return { label: `${count}`, changes, repeats };
}

/**
 * Sends a phase's events through the runner's apply queue (500 per job), then waits until every changed value is
 * on the store and the runner has nothing left to push and the store has seen no call for a second.
 */
export async function sendPhase(
  world: VendorWorld,
  store: BenchStore,
  phase: Phase,
  occurredAt: () => string,
): Promise<ApiEfficiencyResult> {
  const { skus, locations } = world;
  const where = (position: number) => {
    const locationIndex = Math.floor(position / skus.length);
    return {
      sku: skus[position % skus.length] ?? '',
      location: locations[locationIndex] ?? '',
      vendorLocation: store.vendorLocations[locationIndex] ?? '',
    };
  };
  const toEvents = (entries: ReadonlyMap<number, number>, tag: string) =>
    [...entries].map(([position, value]) => {
      const { sku, location } = where(position);
      return snapshotEvent(sku, location, value, `bench/${phase.label}-${tag}-${position}-${value}`, occurredAt());
    });
  const expected = [...phase.changes].map(([position, value]) => {
    const { sku, vendorLocation } = where(position);
    return `${store.levelKey(sku, vendorLocation)}=${value}`;
  });
  const before = store.counters();
  // Read before the first job is enqueued: read after, it counted the events the apply workers had already taken,
  // so the phase never seemed applied and the row said "still applying" when every event had long been applied.
  const receivedBefore = await eventsReceived(world);
  store.watch();
  const started = performance.now();
  await enqueueEvents(world.runner, toEvents(phase.changes, 'change'), 500);
  await enqueueEvents(world.runner, toEvents(phase.repeats, 'repeat'), 500);
  const eventsSent = phase.changes.size + phase.repeats.size;
  let appliedAt: number | undefined;
  await waitFor(
    'every change to land on the Shopify sandbox',
    async () => {
      if (appliedAt === undefined && (await eventsReceived(world)) - receivedBefore >= eventsSent) {
        appliedAt = performance.now();
      }
      return expected.every((key) => store.landed.has(key));
    },
    600_000,
    100,
  );
  const lastLanding = Math.max(...expected.map((key) => store.landed.get(key) ?? 0));
  let calls = store.counters().calls;
  let quietSince = performance.now();
  await waitFor(
    'the runner to finish pushing',
    async () => {
      const now = store.counters().calls;
      if (now !== calls) {
        calls = now;
        quietSince = performance.now();
      }
      return performance.now() - quietSince > 1_000 && (await world.runner.engine.dirtyCount(vendorConnection)) === 0;
    },
    120_000,
    100,
  );
  const after = store.counters();
  const changed = phase.changes.size;
  const written = after.quantitiesWritten - before.quantitiesWritten;
  return {
    vendor: 'shopify',
    changed,
    unchangedEvents: phase.repeats.size,
    minimumCalls: Math.ceil(changed / shopifyMaxBatchSize),
    writeCalls: after.mutations - before.mutations,
    allCalls: after.calls - before.calls,
    throttled: after.throttled - before.throttled,
    unchangedResent: unchangedWrites(store, before.answers) + Math.max(0, written - changed),
    seconds: (lastLanding - started) / 1_000,
    appliedSeconds: appliedAt === undefined ? undefined : (appliedAt - started) / 1_000,
  };
}
