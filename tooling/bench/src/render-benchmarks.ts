import { latencyHistory } from './bench-history.ts';
import type { CeilingResult } from './engine-ceiling.ts';
import type { ThroughputResult } from './engine-throughput.ts';
import type { MemoryResult } from './redis-memory.ts';
import { type LatencyRow, latencyMethod, latencyStagesSection, latencyTableRows } from './render-latency.ts';
import type { AmazonPushResult } from './runner/amazon-push.ts';
import type { ReconcileScaleResult } from './runner/reconcile-scale.ts';
import type { RunnerMemoryResult } from './runner/runner-memory.ts';
import type { ApiEfficiencyResult, ShopifyPushResults } from './runner/shopify-push.ts';

export interface BenchmarkResults {
  readonly run: 'default' | 'full';
  readonly machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    node: string;
    redis: string;
    date: string;
    /** One-minute load average at the start and at the end of the run: other work on the machine shows here. */
    load: { start: number; end: number };
  };
  readonly throughput: readonly ThroughputResult[];
  /** What this Redis does at the least per event, measured in the same run: the engine rows' ratio to ceiling. */
  readonly ceiling: CeilingResult;
  readonly memory: readonly MemoryResult[];
  readonly shopify: ShopifyPushResults;
  readonly amazon: AmazonPushResult;
  readonly latency: readonly LatencyRow[];
  readonly runnerMemory: readonly RunnerMemoryResult[];
  /** One full reconciliation of a Shopify store through its bulk operation, streamed. */
  readonly reconcile: ReconcileScaleResult;
}

const targets = { eventsPerSecond: 20_000, callsRatio: 1.05, convergenceRatio: 1.2, bytes: 1_024 };
const number = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits });
const ratio = (value: number) => `${number(value, 2)}×`;
const mebibytes = (bytes: number) => `${number(bytes / 2 ** 20)} MiB`;

/** The scale of a full reconciliation, beside the vendor's own time to write and serve the same file. */
function reconcileRow(entry: ReconcileScaleResult, full: boolean): string {
  const sized = full ? '' : ' (default run; `--full` runs 1,000,000)';
  const vendorSeconds = entry.vendor.produceSeconds + entry.vendor.serveSeconds;
  const measured =
    `${number(entry.seconds, 1)} s, ${number(entry.positionsPerSecond)} positions/s ` +
    `(CPU: Node ${number(entry.cpuSeconds.node, 1)} s, Redis ${number(entry.cpuSeconds.redis, 1)} s); ` +
    `drift found ${number(entry.driftFound)} = seeded ${number(entry.driftSeeded)}; ` +
    `live heap ${mebibytes(entry.memory.heapUsedBefore)} → peak ${mebibytes(entry.memory.liveHeapPeak)} ` +
    `(in use with garbage ${mebibytes(entry.memory.heapUsedPeak)}; resident peak ${mebibytes(entry.memory.residentPeak)})`;
  const vendor =
    `sandbox wrote the file in ${number(entry.vendor.produceSeconds, 2)} s and served it in ` +
    `${number(entry.vendor.serveSeconds, 2)} s (${mebibytes(entry.vendor.fileBytes)}, ${number(entry.vendor.fileLines)} lines); ` +
    'Shopify: one bulk query per shop at a time, file kept 7 days, no documented rate';
  return `| Full reconciliation of ${number(entry.positions)} Shopify positions from a bulk operation, streamed${sized} | ${measured} | 1,000,000 positions, memory bounded by a page | ${vendor} | ${ratio(entry.seconds / vendorSeconds)} the sandbox's time |`;
}

function efficiencyRow(what: string, entry: ApiEfficiencyResult, unit: string): string {
  const measured =
    `${number(entry.writeCalls)} ${unit}, ${number(entry.allCalls)} calls in all (${number(entry.throttled)} refused as too fast); ` +
    `${number(entry.unchangedResent)} unchanged values re-sent (${number(entry.unchangedEvents)} unchanged events sent)`;
  return `| ${what} | ${measured} | ≤ ${targets.callsRatio}× minimum, 0 unchanged re-sent | minimum ${number(entry.minimumCalls)} ${unit} | ${ratio(entry.writeCalls / entry.minimumCalls)} minimum |`;
}

/** BENCHMARKS.md: each figure beside its target and its bound, with the method and the machine. */
export function renderBenchmarks(results: BenchmarkResults): string {
  const { machine, shopify, amazon } = results;
  const convergence = shopify.convergence;
  const sized = results.run === 'full' ? '' : ' (default run; `--full` runs 100,000)';
  const rows = [
    ...results.throughput.map(
      (entry) =>
        `| Engine throughput, ${entry.label} | ${number(entry.eventsPerSecond)} events/s | ≥ ${number(targets.eventsPerSecond)} events/s | Redis ceiling ${number(results.ceiling.eventsPerSecond)} events/s (same run) | ${ratio(entry.eventsPerSecond / targets.eventsPerSecond)} target, ${ratio(entry.eventsPerSecond / results.ceiling.eventsPerSecond)} ceiling |`,
    ),
    `| Redis ceiling, ${results.ceiling.label} | ${number(results.ceiling.eventsPerSecond)} events/s (${number(results.ceiling.scriptMicrosecondsPerEvent, 1)} µs script per event) | — | — | — |`,
    efficiencyRow(
      `API calls to converge ${number(shopify.efficiency.changed)} Shopify quantities`,
      shopify.efficiency,
      'mutations',
    ),
    efficiencyRow(
      `API calls to converge ${number(convergence.changes)} Shopify quantities`,
      convergence.efficiency,
      'mutations',
    ),
    efficiencyRow(`API calls to converge ${number(amazon.changed)} Amazon quantities`, amazon, 'feeds and patches'),
    `| Convergence of ${number(convergence.changes)} changes on Shopify Standard${sized} | ${number(convergence.seconds, 1)} s (${convergence.efficiency.appliedSeconds === undefined ? 'still applying the unchanged repeats sent last when the last value landed' : `every event applied at ${number(convergence.efficiency.appliedSeconds, 1)} s`}) | ≤ ${targets.convergenceRatio}× bound | ${number(convergence.boundSeconds, 1)} s (${number(convergence.minimumMutations)} mutations × 10 points − ${number(convergence.bucket.availableAtStart)} in the bucket, at ${convergence.bucket.restoreRate} points/s) | ${ratio(convergence.seconds / convergence.boundSeconds)} bound |`,
    ...latencyTableRows(results.latency),
    ...results.memory.map(
      (entry) =>
        `| Redis memory at ${number(entry.positions)} SKU × location positions | ${number(entry.bytesPerPosition)} bytes/position | < ${number(targets.bytes)} bytes | — | ${ratio(entry.bytesPerPosition / targets.bytes)} target |`,
    ),
    ...results.runnerMemory.map(
      (entry) =>
        `| Runner resident memory at ${number(entry.positions)} positions | ${mebibytes(entry.residentBytes)} idle (peak ${mebibytes(entry.peakResidentBytes)}; JS heap in use ${mebibytes(entry.heapUsedBytes)}) | < 250 MiB at 1,000,000 positions, flat from 100,000 | — | ${ratio(entry.residentBytes / (250 * 2 ** 20))} 250 MiB |`,
    ),
    reconcileRow(results.reconcile, results.run === 'full'),
  ];
  return `# Benchmarks

Generated by \`pnpm bench\` (${results.run === 'full' ? 'this is a `--full` run' : 'this is the default run; `pnpm bench -- --full` runs the issue’s full sizes'});
the raw numbers are in \`bench-results/benchmarks.json\`. Every figure is from the one run described below, on the
machine below, beside its target and, where there is one, the bound the vendor allows. Speed is never asserted in
unit tests.

| what | measured | target | bound or minimum | ratio |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

${latencyStagesSection(results.latency)}
${latencyHistory}

## Method

- **Engine throughput**: a real \`redis-server\` started for the run; 30,000 receipts, shipments and adjustments
  (seeded, the same every run) over 5,000 SKUs × 3 locations, two channels. Each event is validated, checked for
  authority, applied by the per-SKU Lua script (dedupe, ordering, ledger), and every affected channel quantity is
  recomputed, stored and marked dirty — the whole \`engine.ingest\` path. Timed after a warm-up batch.
- **Redis ceiling**: the same 30,000 events, on the same Redis in the same run, each written as one field of its
  SKU's hash by a minimal Lua script (\`HSET\` per event, nothing read, decoded or returned), called the way the
  engine calls its apply script: 500 events per call, as many SKUs as they touch, 4 calls in flight. What the
  engine does beyond it (validation, authority, dedupe, ordering, ledger, projection, dirty marks) is the gap.
- **The runner and the vendors**: the runner built by \`createRunner\` runs in the bench's process with its BullMQ
  workers, its shared rate limiter in Redis and production options (push debounce 250 ms, 4 push workers), except
  where a row says otherwise. The vendors are the repository's sandboxes, which speak the vendors' wire protocols:
  Shopify's Admin GraphQL through \`@shopify/admin-api-client\` (the connection's \`adminApiUrl\` setting names
  the sandbox; Standard plan: a 1,000-point bucket restored at 100 points per second; \`inventorySetQuantities\`
  costs 10 points and takes 250 quantities), Amazon's SP-API through the \`amazon-sp-api\` SDK (the runner's Amazon
  connector, its \`endpoint\` setting naming the sandbox). Each vendor location is one canonical location with one channel publishing there (one Shopify location, one Amazon
  marketplace), so a channel SKU is one SKU × location. Events enter as the runner's apply jobs (what a poll page
  or a verified webhook becomes), as absolute snapshots from the ERP, each moving one SKU × location.
- **API calls**: the installation starts converged (every position known at 0, pushed, and stocked at 0 in the
  sandbox), then N positions change (500 events per apply job) and a tenth of them are sent once more with the
  same value. Counted from the sandboxes' own logs once every value has landed and the runner has nothing left
  to push: Shopify mutations applied, and every GraphQL call including THROTTLED answers; Amazon feeds created
  plus listings patches, and every SP-API call including feed polls. Unchanged re-sends are quantities the sandbox
  applied with no change (Shopify's \`delta\` 0; an Amazon feed message or patch carrying the value the listing
  had), plus any position written twice. Shopify: ${number(shopify.positions)} positions (${number(shopify.warmUp.catalogSkus)} SKUs × ${number(shopify.positions / shopify.warmUp.catalogSkus)} locations);
  the connector's catalog (SKU → inventory item ids) is loaded before timing (${number(shopify.warmUp.seconds)} s at the bucket's pace).
  Amazon: one marketplace; the sandbox finishes a feed the first time it is polled (Amazon's own processing time
  is not ours to measure). The connector's feed fill window (\`feedFillWindowMs\`, 15 s by default) holds a
  feed-sized push short of a full batch (50,000) until 15 s after its flush was offered, so the waves of one change
  join one feed: it adds at most that window to the latency of feed-sized changes and nothing to patches (20
  changes or fewer). SKUs in a feed Amazon has not had time to process are left out of every plan until the
  feed's \`retryAfterMs\` (\`feedPollSeconds\`; 5 s in the bench, 60 s by default), so they are neither sent again
  nor polled early. Changes that keep arriving for longer than the window (ingest on a loaded machine) make the
  first feed smaller and the rest go in the next.
- **Convergence**: every one of the ${number(convergence.changes)} positions changes at once, from a full bucket; timed from
  the first event handed to the runner to the moment the sandbox stored the last value. A tenth of the positions
  are then sent once more with the value they already have, after the changes, as real traffic repeats itself:
  they are timed too only while the runner still pushes (the repeats are applied last, so pushes that keep up
  finish before them), and none may be re-sent; the row says when every event had been applied, so apply time and
  push time can be told apart. The bound is the time the bucket needs to pay for the fewest mutations the batch
  size allows: (⌈N / 250⌉ × 10 − points in the bucket at the start) / 100 points per second.
${latencyMethod(results.latency)}
- **Redis memory**: \`used_memory\` before and after one authority snapshot per position (four ingest workers),
  divided by the number of positions. It includes the position hash, the SKU's version, the processed idempotency
  key, the ledger entry and the computed quantity of every channel.
- **Runner memory**: \`stockwire run\` as its own process (this checkout's TypeScript sources), configured with
  ⌈positions / 3⌉ SKUs at three warehouses; an ERP folder whose inbox holds one adjustment per position and a web
  store export over the three warehouses (file connectors). Resident memory (\`/proc\`) once every adjustment is
  applied and every channel quantity exported, the runner idle: the catalog and configuration, the modules, the
  BullMQ workers and their Redis connections, the metrics; positions themselves live in Redis.
- **Full reconciliation**: a Shopify sandbox holding ${number(results.reconcile.positions)} levels (${number(results.reconcile.skuCount)} SKUs × ${results.reconcile.locationCount}
  locations) and the runner in this process (\`snapshotMode: bulk\`, \`pageSize\` ${results.reconcile.pageSize}: ${number(results.reconcile.pageSize * 21)} lines of the file a page),
  its engine seeded as a previous sync leaves it (every position known and pushed at one value); the store shows
  that value except at one position in a hundred. Timed from \`runner.reconcile\` called to its summary: the bulk
  operation started and polled, its JSON Lines streamed from the download a page at a time (${number(results.reconcile.pages)} pages), each
  page diffed by the engine (drift recorded and pushed again). The drift found must equal the drift seeded and every
  other position be in sync, or the run fails. Memory is the bench process's (the sandbox and its file too): the
  live heap is read after a full collection about twenty times between pages (those collections, ${number(results.reconcile.collectionSeconds, 1)} s, are
  not in the time), the heap in use and resident set every 100 ms. The vendor's pace is the sandbox's, measured
  before the run on the same store (which also leaves the sandbox as a first bulk read does): writing the file for
  the query the connector sends, then serving it to a plain download.
  Shopify documents no rate for writing a bulk file; the Admin schema says an app runs one bulk query per shop at
  a time (\`currentBulkOperation\`) and the file's URL expires seven days after completion (\`BulkOperation.url\`),
  and from API 2026-01 the file is ungrouped (\`groupObjects\` false), so the connector reads each level line by
  itself.
- In-process runs share the bench's event loop with the sandboxes and the event source, on the same two cores as
  redis-server.

## Machine

${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; Node ${machine.node}; Redis ${machine.redis}; run ${machine.date}.
One-minute load average ${number(machine.load.start, 1)} at the start and ${number(machine.load.end, 1)} at the end of the run${Math.max(machine.load.start, machine.load.end) > machine.cores ? ` (above the ${machine.cores} cores: other work shared the machine, so speeds here are lower than on an idle one)` : ''}.
`;
}
