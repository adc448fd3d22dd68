import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld, type SyncWorld } from '../test-support/sync-world.ts';
import type { Runner } from './create-runner.ts';

const redis = useRedisServer();
const sdkConnector = fileURLToPath(new URL('./__fixtures__/sdk-snapshot-connector/index.js', import.meta.url));
let runner: Runner | undefined;
afterEach(async () => {
  await runner?.close();
  runner = undefined;
});

/** The sync world plus `supplier`, a third party's SDK-based connector, the authority of everything at `dock`. */
async function worldWithSupplier(failReads: number, failure: 'untyped' | 'permanent'): Promise<SyncWorld> {
  const world = await createSyncWorld();
  const base = world.configuration;
  const configuration = StockwireConfigurationSchema.parse({
    ...base,
    locations: [...base.locations, { id: 'dock', kind: 'warehouse' }],
    skus: base.skus.map((sku) =>
      sku.id === 'SKU-B' ? { ...sku, aliases: [...sku.aliases, { connection: 'supplier', value: 'SDK-1' }] } : sku,
    ),
    connections: {
      ...base.connections,
      supplier: { connector: sdkConnector, locations: { DOCK: 'dock' }, settings: { onHand: 7, failReads, failure } },
    },
    authority: [{ connections: ['supplier'], states: '*', locations: ['dock'] }, ...base.authority],
  });
  return { ...world, configuration };
}

describe('runner.reconcile follows the runner’s one retry rule (jobs/retry-rule.ts), as a reconcile job does', () => {
  it('retries an error that says nothing (an SDK’s bare "fetch failed"): the run ends with the page applied', async () => {
    const world = await worldWithSupplier(2, 'untyped');
    runner = await startInProcessRunner(world, redis.url, { options: { keyPrefix: `untyped-${randomUUID()}` } });
    // Before the rule was one, this run gave up at the first read: only `retryable: true` was retried here, while
    // the queue retried the same error.
    const summary = await runner.reconcile('supplier');
    expect(summary).toMatchObject({ pages: 1, records: 1, snapshotsApplied: 1 });
    expect(await runner.engine.quantities('SKU-B', 'dock')).toMatchObject({ onHand: 7 });
  });

  it('does not retry an error that says retryable: false: the first refusal is the answer, nothing is applied', async () => {
    // One failed read only: a retry would have read the page and succeeded.
    const world = await worldWithSupplier(1, 'permanent');
    runner = await startInProcessRunner(world, redis.url, { options: { keyPrefix: `permanent-${randomUUID()}` } });
    await expect(runner.reconcile('supplier')).rejects.toMatchObject({
      name: 'RequestRejectedError',
      retryable: false,
      message: expect.stringContaining('GET /stock (read 1)'),
    });
    expect(await runner.engine.quantities('SKU-B', 'dock')).not.toMatchObject({ onHand: 7 });
  });
});
