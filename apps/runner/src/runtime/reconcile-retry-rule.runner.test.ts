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

/**
 * The sync world plus `supplier`, a third party's SDK-based connector (SKU-B on its first page, SKU-C on its second),
 * the authority of everything at `dock`.
 */
async function worldWithSupplier(
  failReads: number,
  failure: 'untyped' | 'permanent' | 'broken-item-failure',
): Promise<SyncWorld> {
  const world = await createSyncWorld();
  const base = world.configuration;
  const configuration = StockwireConfigurationSchema.parse({
    ...base,
    locations: [...base.locations, { id: 'dock', kind: 'warehouse' }],
    skus: base.skus.map((sku) => {
      const vendorSku = { 'SKU-B': 'SDK-1', 'SKU-C': 'SDK-2' }[sku.id];
      return vendorSku === undefined
        ? sku
        : { ...sku, aliases: [...sku.aliases, { connection: 'supplier', value: vendorSku }] };
    }),
    connections: {
      ...base.connections,
      supplier: { connector: sdkConnector, locations: { DOCK: 'dock' }, settings: { onHand: 7, failReads, failure } },
    },
    authority: [{ connections: ['supplier'], states: '*', locations: ['dock'] }, ...base.authority],
  });
  return { ...world, configuration };
}

describe('runner.reconcile follows the runner’s one retry rule (jobs/retry-rule.ts), as a reconcile job does', () => {
  it('retries an error that says nothing (an SDK’s bare "fetch failed"): the run resumes and ends with both pages', async () => {
    const world = await worldWithSupplier(2, 'untyped');
    runner = await startInProcessRunner(world, redis.url, { options: { keyPrefix: `untyped-${randomUUID()}` } });
    // Before the rule was one, this run gave up at the second page: only `retryable: true` was retried here, while
    // the queue retried the same error.
    const summary = await runner.reconcile('supplier');
    expect(summary).toMatchObject({ pages: 2, records: 2, snapshotsApplied: 2 });
    expect(await runner.engine.quantities('SKU-B', 'dock')).toMatchObject({ onHand: 7 });
    expect(await runner.engine.quantities('SKU-C', 'dock')).toMatchObject({ onHand: 7 });
  });

  it('does not retry an error that says retryable: false: the first refusal is the answer', async () => {
    // One failed read only: a retry would have read the second page and succeeded.
    const world = await worldWithSupplier(1, 'permanent');
    runner = await startInProcessRunner(world, redis.url, { options: { keyPrefix: `permanent-${randomUUID()}` } });
    await expect(runner.reconcile('supplier')).rejects.toMatchObject({
      name: 'RequestRejectedError',
      retryable: false,
      message: expect.stringContaining('GET /stock?page=2 (read 1)'),
    });
    expect(await runner.engine.quantities('SKU-B', 'dock')).toMatchObject({ onHand: 7 });
    expect(await runner.engine.quantities('SKU-C', 'dock')).not.toMatchObject({ onHand: 7 });
  });

  it('counts a page once when it failed after reaching the engine and was read again by the retry', async () => {
    // The second page reaches the engine, then its broken item failure throws before the page is done: the cursor
    // still points at it, so the retry reads it again.
    const world = await worldWithSupplier(1, 'broken-item-failure');
    runner = await startInProcessRunner(world, redis.url, { options: { keyPrefix: `recount-${randomUUID()}` } });
    const progress: number[] = [];
    const summary = await runner.reconcile('supplier', { onPage: (soFar) => void progress.push(soFar.records) });
    expect(summary).toMatchObject({ pages: 2, records: 2 });
    expect(progress).toEqual([1, 2]);
    expect(await runner.engine.quantities('SKU-C', 'dock')).toMatchObject({ onHand: 7 });
  });
});
