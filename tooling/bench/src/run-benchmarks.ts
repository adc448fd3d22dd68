import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { benchSizes } from './bench-sizes.ts';
import { measureApplyCost } from './engine/apply-cost.ts';
import { measureRedisCeiling } from './engine-ceiling.ts';
import { measureEngineThroughput, measureParallelThroughput, type ThroughputResult } from './engine-throughput.ts';
import { type MemoryResult, measureRedisMemory } from './redis-memory.ts';
import { type BenchmarkResults, renderBenchmarks } from './render-benchmarks.ts';
import { measureAmazonPush } from './runner/amazon-push.ts';
import { measurePushLatency } from './runner/push-latency.ts';
import { measureReconcileScale } from './runner/reconcile-scale.ts';
import { measureRunnerMemory } from './runner/runner-memory.ts';
import { measureShopifyPush } from './runner/shopify-push.ts';

/**
 * `pnpm bench`: starts a real redis-server, measures the engine alone, then the runner with the Shopify and Amazon
 * sandboxes (in this process) and `stockwire run` as a child process; prints the table, writes
 * bench-results/benchmarks.json and rewrites BENCHMARKS.md. `--full` runs the full sizes (see bench-sizes.ts).
 */
const full = process.argv.includes('--full');
const loadAtStart = loadavg()[0] ?? 0;
const sizes = benchSizes(full);
const root = fileURLToPath(new URL('../../..', import.meta.url));
const server = await startRedisServer();
const redis = new Redis(server.url, { enableAutoPipelining: true });
const say = (text: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
const progress = (label: string) => {
  let shown = 0;
  // A line per tenth: readable on a terminal and in a CI log alike.
  return (done: number, total: number) => {
    if (done < total && done < shown + total / 10) return;
    shown = done;
    say(`${label}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
  };
};

try {
  const throughput: ThroughputResult[] = [];
  for (const [prefix, label, batchSize, concurrency] of [
    ['batched', 'batched (500 events per call, 4 in flight)', 500, 4],
    ['unbatched', 'unbatched (1 event per call, 16 in flight)', 1, 16],
  ] as const) {
    say(`engine throughput, ${label}`);
    const options = { prefix, label, skuCount: 5_000, events: 30_000, batchSize, concurrency, seed: 7 };
    throughput.push(await measureEngineThroughput(redis, options));
  }
  // The physical ceiling the engine rows are read against, called as the batched row calls its apply script.
  say('Redis ceiling: a minimal per-SKU script, one hash field per event');
  const ceiling = await measureRedisCeiling(redis, {
    label: 'one hash field per event, a minimal per-SKU script (500 events per call, 4 in flight)',
    prefix: 'ceiling',
    skuCount: 5_000,
    events: 30_000,
    batchSize: 500,
    concurrency: 4,
    seed: 7,
  });
  // The cheapest way past one event loop: apply workers in parallel against one Redis, as several runner processes.
  for (const workers of [2, 3]) {
    const label = `batched, ${workers} apply workers in parallel (threads, each 500 events per call, 4 in flight)`;
    say(`engine throughput, ${label}`);
    const common = { skuCount: 5_000, events: 30_000, batchSize: 500, concurrency: 4, seed: 7, workers };
    throughput.push(
      await measureParallelThroughput({ redisUrl: server.url, label, prefix: `parallel-${workers}`, ...common }),
    );
  }
  const memory: MemoryResult[] = [];
  for (const positions of sizes.redisMemoryPositions) {
    const report = progress(`Redis memory, ${positions.toLocaleString('en-US')} positions`);
    memory.push(await measureRedisMemory(redis, positions, (done) => report(done, positions)));
  }
  say(`engine apply cost (#23.1)\n${(await measureApplyCost(redis, { onProgress: say })).markdown}`);
  await redis.flushall();
  const shopify = await measureShopifyPush({ redisUrl: server.url, ...sizes.shopify, onProgress: say });
  await redis.flushall();
  const amazon = await measureAmazonPush({ redisUrl: server.url, changes: sizes.amazonChanges, onProgress: say });
  const latency = [];
  for (const row of sizes.latencyRows) {
    await redis.flushall();
    const options = { redisUrl: server.url, ...sizes.latency, ...row, debounceMs: 250, onProgress: say };
    latency.push({ ...(await measurePushLatency(options)), targetP99Ms: row.targetP99Ms });
  }
  const runnerMemory = [];
  for (const positions of sizes.runnerMemoryPositions) {
    await redis.flushall();
    runnerMemory.push(await measureRunnerMemory({ redisUrl: server.url, positions, onProgress: say }));
  }
  await redis.flushall();
  const reconcile = await measureReconcileScale({
    redisUrl: server.url,
    positions: sizes.reconcilePositions,
    onProgress: say,
  });
  const redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
  const results: BenchmarkResults = {
    run: full ? 'full' : 'default',
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      redis: redisVersion,
      date: new Date().toISOString(),
      load: { start: loadAtStart, end: loadavg()[0] ?? 0 },
    },
    throughput,
    ceiling,
    memory,
    shopify,
    amazon,
    latency,
    runnerMemory,
    reconcile,
  };
  await mkdir(`${root}bench-results`, { recursive: true });
  await writeFile(`${root}bench-results/benchmarks.json`, `${JSON.stringify(results, null, 2)}\n`);
  const markdown = renderBenchmarks(results);
  await writeFile(`${root}BENCHMARKS.md`, markdown);
  process.stdout.write(markdown);
} finally {
  redis.disconnect();
  await server.stop();
}
