import { createEngine } from '@stockwire/engine';
import type { Redis } from 'ioredis';
import { benchConfiguration, benchEvents } from './bench-world.ts';

export interface ThroughputResult {
  readonly label: string;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

/**
 * Events applied per second, including validation, authority, the atomic apply, projection of every affected
 * channel quantity and dirty marking. `batchSize` events per ingest call, `concurrency` calls in flight (as
 * that many workers would). Events only, delivered by the ERP: `ingest({ connection, events })` without orders or
 * records is the path the removed `ingest(events[])` took, so the figure measures the same work as before.
 */
export async function measureEngineThroughput(
  redis: Redis,
  options: {
    label: string;
    prefix: string;
    skuCount: number;
    events: number;
    batchSize: number;
    concurrency: number;
    seed: number;
  },
): Promise<ThroughputResult> {
  const configuration = benchConfiguration(options.skuCount);
  const engine = createEngine({
    redis,
    configuration,
    options: {
      keyPrefix: `bench-${options.prefix}`,
      settleHorizonMs: 3e12,
      idempotencyRetentionMs: 3e12,
    },
  });
  const events = benchEvents(options.events, options.skuCount, options.seed, options.label);
  const batches: (typeof events)[] = [];
  for (let start = 0; start < events.length; start += options.batchSize) {
    batches.push(events.slice(start, start + options.batchSize));
  }
  // Warm up the script cache and the JIT on a few batches that are not counted.
  await engine.ingest({
    connection: 'erp',
    events: benchEvents(50, options.skuCount, options.seed + 1, `${options.label}-warmup`),
  });
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        if (batch !== undefined) await engine.ingest({ connection: 'erp', events: batch });
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { label: options.label, events: events.length, seconds, eventsPerSecond: events.length / seconds };
}

/**
 * The same work split over `workers` threads, each with its own Redis connection and engine (as that many runner
 * processes would be), against one Redis: the engine is safe to run in parallel (per-SKU atomic scripts). Timed from
 * the moment every worker is ready to the last one finishing.
 */
export async function measureParallelThroughput(options: {
  redisUrl: string;
  label: string;
  prefix: string;
  skuCount: number;
  events: number;
  batchSize: number;
  concurrency: number;
  seed: number;
  workers: number;
}): Promise<ThroughputResult> {
  const { Worker } = await import('node:worker_threads');
  const workers = Array.from(
    { length: options.workers },
    (_, worker) =>
      new Worker(new URL('./engine-throughput-worker.ts', import.meta.url), {
        workerData: {
          redisUrl: options.redisUrl,
          keyPrefix: `bench-${options.prefix}`,
          skuCount: options.skuCount,
          events: options.events,
          seed: options.seed,
          batchSize: options.batchSize,
          concurrency: options.concurrency,
          worker,
          workers: options.workers,
        },
      }),
  );
  const message = (worker: InstanceType<typeof Worker>) =>
    new Promise<{ ready?: boolean; finishedAt?: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  try {
    await Promise.all(workers.map(message));
    const finished = workers.map(message);
    const started = performance.timeOrigin + performance.now();
    for (const worker of workers) worker.postMessage('go');
    const ends = await Promise.all(finished);
    const seconds = (Math.max(...ends.map((end) => end.finishedAt ?? Number.NaN)) - started) / 1_000;
    return { label: options.label, events: options.events, seconds, eventsPerSecond: options.events / seconds };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
