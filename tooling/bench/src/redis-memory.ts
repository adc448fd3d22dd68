import { createEngine } from '@stockwire/engine';
import type { InventoryEvent } from '@stockwire/model';
import type { Redis } from 'ioredis';
import { benchConfiguration, benchLocations, skuId } from './bench-world.ts';

export interface MemoryResult {
  readonly positions: number;
  readonly bytes: number;
  readonly bytesPerPosition: number;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

/**
 * Redis bytes per SKU × location in the steady state the engine keeps: each position set by one authority
 * snapshot, with its version, processed key, ledger entry and the computed quantity of every channel.
 */
export async function measureRedisMemory(
  redis: Redis,
  positions: number,
  onProgress: (done: number) => void,
): Promise<MemoryResult> {
  await redis.flushall();
  const skuCount = Math.ceil(positions / benchLocations.length);
  const engine = createEngine({ redis, configuration: benchConfiguration(skuCount), options: { keyPrefix: 'memory' } });
  const before = await usedMemory(redis);
  const batchSize = 999;
  let next = 0;
  let done = 0;
  const occurredAt = new Date().toISOString();
  const worker = async () => {
    while (next < positions) {
      const start = next;
      next += batchSize;
      const batch: InventoryEvent[] = [];
      for (let index = start; index < Math.min(positions, start + batchSize); index++) {
        batch.push({
          kind: 'snapshot',
          idempotencyKey: `s${index}`,
          source: 'erp',
          occurredAt,
          sku: skuId(Math.floor(index / benchLocations.length)),
          location: benchLocations[index % benchLocations.length] ?? 'wh-east',
          quantities: { onHand: 1 + (index % 50) },
        });
      }
      await engine.ingest({ connection: 'erp', events: batch });
      done += batch.length;
      onProgress(done);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  const bytes = (await usedMemory(redis)) - before;
  return { positions, bytes, bytesPerPosition: bytes / positions };
}
