import { buildCatalog, type InventoryEvent, positionQuantities } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBatch } from './apply-batch.ts';
import { EngineOptionsSchema } from './engine-options.ts';
import { defineEngineScripts, type EngineScripts } from './engine-scripts.ts';
import { createEngineKeys } from './keys.ts';
import { connect, testConfiguration } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

const catalog = buildCatalog(testConfiguration);
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
/** 40 events over two SKUs and two locations, each delivered twice. */
const events: InventoryEvent[] = Array.from({ length: 40 }, (_, index) => ({
  kind: 'receipt' as const,
  idempotencyKey: `receipt-${index}`,
  source: 'erp',
  occurredAt: minutesAgo(40 - index),
  sku: index % 2 === 0 ? 'SKU-A' : 'SKU-B',
  location: index % 4 < 2 ? 'wh-1' : 'wh-2',
  quantity: 1 + (index % 3),
})).flatMap((event) => [event, event]);

/** The engine's real scripts on the real Redis, with the apply calls counted. */
function countedScripts(): { scripts: EngineScripts; calls: () => number } {
  const real = defineEngineScripts(redis);
  let calls = 0;
  const scripts: EngineScripts = {
    ...real,
    apply: (keys, values) => {
      calls += 1;
      return real.apply(keys, values);
    },
  };
  return { scripts, calls: () => calls };
}

async function apply(prefix: string, maxEventsPerApplyCall: number) {
  const options = EngineOptionsSchema.parse({ keyPrefix: prefix, maxEventsPerApplyCall });
  const { scripts, calls } = countedScripts();
  const keys = createEngineKeys(prefix);
  const result = await applyBatch(scripts, keys, options, catalog, testConfiguration.authority, events, ['wh-1']);
  return { result, calls: calls() };
}

describe('apply script calls (engine throughput, #14)', () => {
  it('applies several SKUs in one script call on a single Redis, and slices by maxEventsPerApplyCall alike', async () => {
    const together = await apply(`calls-${process.pid}-together`, 500);
    const sliced = await apply(`calls-${process.pid}-sliced`, 15);
    // One round trip for both SKUs' 80 deliveries; 40 per SKU in slices of 15 make three rounds of calls.
    expect(together.calls).toBe(1);
    expect(sliced.calls).toBeGreaterThanOrEqual(6);
    expect(sliced.result.outcomes).toEqual(together.result.outcomes);
    expect(together.result.outcomes.filter((outcome) => outcome === 'applied')).toHaveLength(40);
    expect(together.result.outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(40);
    for (const sku of ['SKU-A', 'SKU-B']) {
      const quantities = (run: typeof together) => {
        const position = run.result.states.get(sku)?.positions.get('wh-1');
        return position === undefined ? undefined : positionQuantities(position);
      };
      expect(quantities(together)?.onHand).toBeGreaterThan(0);
      expect(quantities(sliced)).toEqual(quantities(together));
      expect(sliced.result.changedSkus.has(sku)).toBe(true);
    }
  });
});
