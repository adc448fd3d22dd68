import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '@stockwire/engine';
import { Redis } from 'ioredis';
import { benchConfiguration, benchEvents } from './bench-world.ts';

/** What one apply worker of `measureParallelThroughput` is given. */
export interface ThroughputWorkerInput {
  readonly redisUrl: string;
  readonly keyPrefix: string;
  readonly skuCount: number;
  readonly events: number;
  readonly seed: number;
  readonly batchSize: number;
  readonly concurrency: number;
  /** This worker takes every `workers`-th batch, starting at `worker`. */
  readonly worker: number;
  readonly workers: number;
}

/**
 * One apply worker on its own thread, with its own Redis connection and engine, as one runner process would be:
 * prepares its share of the batches and warms up, says it is ready, ingests when told, reports when it finished
 * (on the shared clock `performance.timeOrigin + performance.now()`).
 */
const input = workerData as ThroughputWorkerInput;
const redis = new Redis(input.redisUrl, { enableAutoPipelining: true });
const engine = createEngine({
  redis,
  configuration: benchConfiguration(input.skuCount),
  options: { keyPrefix: input.keyPrefix, settleHorizonMs: 3e12, idempotencyRetentionMs: 3e12 },
});
const events = benchEvents(input.events, input.skuCount, input.seed, input.keyPrefix);
const batches: (typeof events)[] = [];
for (let start = input.worker * input.batchSize; start < events.length; start += input.batchSize * input.workers) {
  batches.push(events.slice(start, start + input.batchSize));
}
await engine.ingest({
  connection: 'erp',
  events: benchEvents(50, input.skuCount, input.seed + 1 + input.worker, `${input.keyPrefix}-warmup-${input.worker}`),
});
parentPort?.once('message', async () => {
  let next = 0;
  await Promise.all(
    Array.from({ length: input.concurrency }, async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        if (batch !== undefined) await engine.ingest({ connection: 'erp', events: batch });
      }
    }),
  );
  parentPort?.postMessage({ finishedAt: performance.timeOrigin + performance.now(), events: batches.flat().length });
  redis.disconnect();
});
parentPort?.postMessage({ ready: true });
