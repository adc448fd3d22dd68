import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createShopifySandbox, type ShopifySandbox, standardPlan } from '@stockwire/connector-shopify/sandbox';
import { Redis } from 'ioredis';
import { redisCpuSeconds } from '../redis-cpu.ts';
import { sandboxEnvironmentOf, shopifySettingsOf } from './shopify-store.ts';
import { benchSku, startVendorWorld, type VendorWorld, vendorConnection } from './vendor-world.ts';

export interface ReconcileScaleResult {
  readonly positions: number;
  readonly skuCount: number;
  readonly locationCount: number;
  /** Inventory items per snapshot page (the connector's `pageSize`), each with its levels at every location. */
  readonly pageSize: number;
  readonly pages: number;
  readonly records: number;
  /** From `runner.reconcile` called to its summary: start the bulk operation, wait for it, read and diff every page. */
  readonly seconds: number;
  readonly positionsPerSecond: number;
  /**
   * CPU the bench process (runner, sandbox, bench; without the forced collections that measure the live heap) and
   * redis-server spent during the reconciliation.
   */
  readonly cpuSeconds: { readonly node: number; readonly redis: number };
  readonly driftSeeded: number;
  readonly driftFound: number;
  readonly inSync: number;
  /**
   * The process's memory just before the reconciliation (after a full collection) and during it: the most
   * JavaScript heap in use sampled every 100 ms (garbage not yet collected included), the most live heap (after a
   * full collection, about twenty times in the run, between pages: what the reconciliation holds), and the
   * resident set.
   */
  readonly memory: {
    readonly heapUsedBefore: number;
    readonly heapUsedPeak: number;
    readonly liveHeapPeak: number;
    /** Live heap once the reconciliation returned, the runner still open: what the run left behind. */
    readonly liveHeapAfter: number;
    readonly residentBefore: number;
    readonly residentPeak: number;
  };
  /** Time spent in the forced collections that measure the live heap; not counted in `seconds`. */
  readonly collectionSeconds: number;
  /** The vendor's own pace, from the sandbox: writing the JSON Lines file, then serving it once to a plain reader. */
  readonly vendor: {
    readonly produceSeconds: number;
    readonly fileBytes: number;
    readonly fileLines: number;
    readonly serveSeconds: number;
  };
}

/** Seeded drift: one position in a hundred shows a different `available` on the store than the runner pushed. */
const driftEvery = 100;
/** The named quantities the connector's bulk query asks for. */
const shopifyQuantityNames = [
  'available',
  'on_hand',
  'committed',
  'reserved',
  'damaged',
  'safety_stock',
  'quality_control',
  'incoming',
];
const converged = 20;
const drifted = 23;

/**
 * The scale of one full reconciliation (#14): a Shopify sandbox holding `positions` levels (`skuCount` SKUs × 10
 * locations), a runner in this process whose engine already knows every position as pushed at one value (the
 * state a previous sync leaves), the store showing that value except at one position in a hundred, then
 * `runner.reconcile` of the Shopify connection in bulk mode: the bulk operation, its JSON Lines file read page by
 * page, every page diffed by the engine. The drift found must be exactly the drift seeded, or the row fails.
 */
export async function measureReconcileScale(input: {
  redisUrl: string;
  positions: number;
  /** Only find the drift: nothing recorded, no heal pushed (they load the connector's catalog and write the store). */
  dryRun?: boolean | undefined;
  onProgress: (text: string) => void;
}): Promise<ReconcileScaleResult> {
  const locationCount = 10;
  const pageSize = 40;
  const skuCount = Math.ceil(input.positions / locationCount);
  const positions = skuCount * locationCount;
  const sandbox = await createShopifySandbox({ plan: standardPlan });
  const redis = new Redis(input.redisUrl);
  let world: VendorWorld | undefined;
  try {
    const vendorLocations = Array.from({ length: locationCount }, (_, index) => `gid://shopify/Location/${index + 1}`);
    for (const location of vendorLocations) sandbox.addLocation(location);
    const itemIds = Array.from({ length: skuCount }, (_, index) => sandbox.addInventoryItem(benchSku(index)));
    input.onProgress(`reconciliation scale: seeding ${positions.toLocaleString('en-US')} positions as pushed`);
    world = await startVendorWorld({
      name: 'reconcile',
      vendor: 'shopify',
      skuCount,
      vendorLocations,
      settings: { ...shopifySettingsOf(sandbox), snapshotMode: 'bulk', pageSize },
      environment: sandboxEnvironmentOf(sandbox),
      redisUrl: input.redisUrl,
      seedValue: converged,
    });
    // Stamped after the seed's pushes settled: an older level would be a stale report, neither drift nor in sync.
    const updatedAt = new Date().toISOString();
    let driftSeeded = 0;
    for (const [skuIndex, itemId] of itemIds.entries()) {
      for (const [locationIndex, location] of vendorLocations.entries()) {
        const drifts = (skuIndex * locationCount + locationIndex) % driftEvery === 0;
        if (drifts) driftSeeded++;
        const available = drifts ? drifted : converged;
        sandbox.setLevel(itemId, location, { available, on_hand: available }, { updatedAt });
      }
    }

    // The vendor's own pace first: it also leaves the sandbox as a first bulk file leaves it (its level maps' keys
    // are internalized on that first read, about 2 strings per position), so the run's memory is the runner's.
    input.onProgress('reconciliation scale: the sandbox writes and serves the bulk file once on its own');
    const vendor = await vendorPace(sandbox);
    input.onProgress(`reconciliation scale: one full reconciliation of ${positions.toLocaleString('en-US')} positions`);
    const sampler = sampleMemory();
    const cpuBefore = process.cpuUsage();
    const redisCpuBefore = await redisCpuSeconds(redis);
    const started = performance.now();
    // About twenty live-heap samples whatever the size: a page is pageSize × (levelsPerItem 20 + 1) lines, and the
    // file has a line per item and per level.
    const sampleEvery = Math.max(1, Math.floor((skuCount * (locationCount + 1)) / (pageSize * 21) / 20));
    const summary = await world.runner.reconcile(vendorConnection, {
      dryRun: input.dryRun === true,
      onPage: (progress, next) => {
        if (progress.pages % sampleEvery === 0) sampler.live();
        if (next === undefined || progress.pages % 500 === 0) {
          input.onProgress(`reconciliation scale: ${progress.records.toLocaleString('en-US')} records read`);
        }
      },
    });
    const memory = sampler.stop();
    const seconds = (performance.now() - started) / 1_000 - memory.collectionSeconds;
    const cpu = process.cpuUsage(cpuBefore);
    const redisCpu = (await redisCpuSeconds(redis)) - redisCpuBefore;

    const driftFound = summary.driftCount;
    const wrongDrift = summary.drifts.find(
      (drift) => drift.expected !== converged || drift.actual !== drifted || drift.cause !== 'changed-on-remote',
    );
    if (driftFound !== driftSeeded || summary.inSync !== positions - driftSeeded || wrongDrift !== undefined) {
      throw new Error(
        `the reconciliation found ${driftFound} drifts and ${summary.inSync} positions in sync; ${driftSeeded} drifts ` +
          `were seeded over ${positions} positions${wrongDrift === undefined ? '' : ` (one reads ${JSON.stringify(wrongDrift)})`}`,
      );
    }
    return {
      positions,
      skuCount,
      locationCount,
      pageSize,
      pages: summary.pages,
      records: summary.records,
      seconds,
      positionsPerSecond: positions / seconds,
      // The forced collections ran on this thread: their time is taken out, as it is from `seconds`.
      cpuSeconds: { node: (cpu.user + cpu.system) / 1e6 - memory.collectionSeconds, redis: redisCpu },
      driftSeeded,
      driftFound,
      inSync: summary.inSync,
      memory: memory.memory,
      collectionSeconds: memory.collectionSeconds,
      vendor,
    };
  } finally {
    await world?.close();
    await sandbox.close();
    redis.disconnect();
  }
}

/** The sandbox's own pace for the same store: one more bulk operation written, then its file read as a plain download. */
async function vendorPace(sandbox: ShopifySandbox): Promise<ReconcileScaleResult['vendor']> {
  const graphql = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetch(`${sandbox.baseUrl}/admin/api/2026-10/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': sandbox.accessToken },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: Record<string, unknown> };
  };
  // The query the connector sends (the sandbox reads its quantity names and whether levels name their item).
  const query = `{ inventoryItems { edges { node { id inventoryLevels { edges { node { location { id } item { id sku } updatedAt quantities(names: ${JSON.stringify(shopifyQuantityNames)}) { name quantity } } } } } } } }`;
  const produceStarted = performance.now();
  const started = await graphql('mutation BulkInventorySnapshot($query: String!) { bulk }', { query });
  const produceSeconds = (performance.now() - produceStarted) / 1_000;
  const id = (started.data?.bulkOperationRunQuery as { bulkOperation?: { id: string } } | undefined)?.bulkOperation?.id;
  const status = await graphql('query BulkOperationStatus($id: ID!) { node }', { id });
  const node = status.data?.node as { url?: string | null; objectCount?: string } | undefined;
  if (typeof node?.url !== 'string') throw new Error(`the sandbox's bulk operation ${id} has no file`);
  const serveStarted = performance.now();
  const response = await fetch(node.url);
  let fileBytes = 0;
  for await (const chunk of response.body ?? []) fileBytes += chunk.byteLength;
  const serveSeconds = (performance.now() - serveStarted) / 1_000;
  return { produceSeconds, fileBytes, fileLines: Number(node.objectCount), serveSeconds };
}

/**
 * The seeding leaves garbage in the heap; a full collection first makes "before" the live heap. `gc` is exposed
 * for this process without a command-line flag, so `pnpm bench` runs unchanged.
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function sampleMemory() {
  collectGarbage();
  const before = process.memoryUsage();
  let heapUsedPeak = before.heapUsed;
  let liveHeapPeak = before.heapUsed;
  let residentPeak = before.rss;
  let collectionSeconds = 0;
  const sample = () => {
    const now = process.memoryUsage();
    heapUsedPeak = Math.max(heapUsedPeak, now.heapUsed);
    residentPeak = Math.max(residentPeak, now.rss);
  };
  const timer = setInterval(sample, 100);
  return {
    /** A full collection, then the heap in use: what is live at this moment. */
    live() {
      sample();
      const started = performance.now();
      collectGarbage();
      collectionSeconds += (performance.now() - started) / 1_000;
      liveHeapPeak = Math.max(liveHeapPeak, process.memoryUsage().heapUsed);
    },
    stop() {
      clearInterval(timer);
      sample();
      const started = performance.now();
      collectGarbage();
      collectionSeconds += (performance.now() - started) / 1_000;
      const liveHeapAfter = process.memoryUsage().heapUsed;
      const memory = {
        heapUsedBefore: before.heapUsed,
        heapUsedPeak,
        liveHeapPeak: Math.max(liveHeapPeak, liveHeapAfter),
        liveHeapAfter,
        residentBefore: before.rss,
        residentPeak,
      };
      return { memory, collectionSeconds };
    },
  };
}
