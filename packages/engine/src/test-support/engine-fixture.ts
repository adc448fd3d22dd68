import { StockwireConfigurationSchema } from '@stockwire/model';
import { Redis } from 'ioredis';
import { createEngine, type Engine } from '../engine.ts';
import type { EngineOptions } from '../engine-options.ts';

/** The world of `@stockwire/model/testing`'s arbitraries, with a kit and two channels over it. */
export const testConfiguration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'wh-1', kind: 'warehouse' },
    { id: 'wh-2', kind: 'warehouse' },
    { id: 'store-1', kind: 'store' },
  ],
  skus: [
    { id: 'SKU-A' },
    { id: 'SKU-B' },
    {
      id: 'KIT-AB',
      kit: {
        components: [
          { sku: 'SKU-A', quantity: 1 },
          { sku: 'SKU-B', quantity: 2 },
        ],
      },
    },
  ],
  connections: { erp: { connector: 'file' }, wms: { connector: 'file' }, store: { connector: 'shopify' } },
  authority: [{ connections: ['erp', 'wms', 'store'], states: '*' }],
  channels: [
    { id: 'web', connection: 'store', locations: ['wh-1', 'wh-2', 'store-1'], policy: { buffer: 1 } },
    { id: 'market', connection: 'erp', locations: ['wh-1'], policy: { percentage: 50 } },
  ],
});

export const fixedNow = new Date('2026-11-27T12:00:00Z');
let prefixCounter = 0;

/** An engine on its own key prefix, so tests (and property runs) sharing one server never see each other. */
export function createTestEngine(redis: Redis, options: EngineOptions = {}, configuration = testConfiguration): Engine {
  prefixCounter += 1;
  return createEngine({
    redis,
    configuration,
    // A horizon of a century: these tests replay fixed dates, and must not depend on the date they run.
    options: {
      keyPrefix: `test-${process.pid}-${prefixCounter}`,
      settleHorizonMs: 3e12,
      idempotencyRetentionMs: 3e12,
      ...options,
    },
    now: () => fixedNow,
  });
}

/**
 * Two engines on one key prefix: `inTime` with a century's horizon (every fixed test date arrives in time) and
 * `later` with a one-day horizon, i.e. the same state seen days after those dates, when their relative changes
 * are past the horizon and are folded by the next change that touches their position.
 */
export function createEnginesAcrossTheHorizon(redis: Redis, configuration = testConfiguration) {
  prefixCounter += 1;
  const keyPrefix = `test-${process.pid}-${prefixCounter}`;
  const day = 86_400_000;
  const inTime = createTestEngine(redis, { keyPrefix }, configuration);
  const later = createTestEngine(
    redis,
    { keyPrefix, settleHorizonMs: day, idempotencyRetentionMs: day },
    configuration,
  );
  return { inTime, later, keyPrefix };
}

export function connect(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1 });
}
