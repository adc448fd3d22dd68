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
 * that many workers would).
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
  await engine.ingest(benchEvents(50, options.skuCount, options.seed + 1, `${options.label}-warmup`));
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        if (batch !== undefined) await engine.ingest(batch);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { label: options.label, events: events.length, seconds, eventsPerSecond: events.length / seconds };
}
