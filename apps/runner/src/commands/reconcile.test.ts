import { snapshotFileText } from '@stockwire/connector-file/sandbox';
import type { Drift } from '@stockwire/engine';
import { useRedisServer } from '@stockwire/testing';
import { describe, expect, it } from 'vitest';
import { capturedIo } from '../test-support/captured-io.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld, publishedOnWeb } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { renderSummary, runReconcile } from './reconcile.ts';

const redis = useRedisServer();

describe('stockwire reconcile', () => {
  it('loads new positions (not drift) in a dry run, applies the authority’s snapshot for real, and stays idempotent', async () => {
    const world = await createSyncWorld();
    await world.wms.dropInboxFile(
      'snapshot-2026-11-27.csv',
      snapshotFileText([
        { sku: 'W-A', location: 'WH1', on_hand: 12, committed: 2, observed_at: '2026-11-27T06:00:00Z' },
        { sku: 'SKU-B', location: 'WH2', on_hand: 5, observed_at: '2026-11-27T06:00:00Z' },
        { sku: 'GHOST', location: 'WH1', on_hand: 1, observed_at: '2026-11-27T06:00:00Z' },
      ]),
    );
    const options = { config: world.configurationFile, connection: 'wms', redisUrl: redis.url };

    const dryRun = capturedIo(world.root);
    expect(await runReconcile({ ...options, dryRun: true }, dryRun)).toBe(0);
    expect(dryRun.stderrText()).toContain('page 1: 2 records so far, done');
    // Positions never held before are a first load: nothing was missed, so nothing is reported as drift.
    expect(dryRun.stdoutText()).toBe(
      [
        'Dry run of the reconciliation of connection wms:',
        '  1 page(s), 2 record(s), 1 unreadable item(s)',
        '  0 record(s) in sync, 2 new position(s) to load, 0 drift(s)',
        '  Nothing was changed.',
        '',
      ].join('\n'),
    );

    const real = capturedIo(world.root);
    expect(await runReconcile(options, real)).toBe(0);
    expect(real.stdoutText()).toContain('2 new position(s) loaded, 0 drift(s)');
    expect(real.stdoutText()).toContain("applied 2 snapshot(s) of the authority's states");
    const repeated = capturedIo(world.root);
    expect(await runReconcile(options, repeated)).toBe(0);
    expect(repeated.stdoutText()).toContain('2 record(s) in sync, 0 drift(s)');
    expect(repeated.stdoutText()).toContain("applied 0 snapshot(s) of the authority's states");

    // The pushes it enqueued are done by whichever runner is up.
    const runner = await startInProcessRunner(world, redis.url);
    try {
      await waitUntil('web to show the snapshot', async () => {
        const shown = await publishedOnWeb(world);
        return shown['SKU-A'] === 10 && shown['SKU-B'] === 5 ? true : undefined;
      });
      expect(await runner.engine.quantities('SKU-A', 'wh-1')).toMatchObject({ onHand: 12, committed: 2 });
      // Read twice, reported once: the unmapped row is one dead letter, not one per reconciliation.
      const letters = await runner.deadLetters.list();
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ kind: 'item-failure', connection: 'wms' });
      expect(letters[0]?.reason).toMatch(/^inbox\/snapshot-2026-11-27\.csv:4: .*"GHOST"/);
    } finally {
      await runner.close();
    }
  });

  it('reports what the authority changed behind our back as drift, once positions are held', async () => {
    const world = await createSyncWorld();
    const options = { config: world.configurationFile, connection: 'wms', redisUrl: redis.url };
    const snapshot = (name: string, onHand: number) =>
      world.wms.dropInboxFile(
        name,
        snapshotFileText([
          { sku: 'W-A', location: 'WH1', on_hand: onHand, committed: 2, observed_at: '2026-11-27T06:00:00Z' },
          { sku: 'SKU-B', location: 'WH2', on_hand: 5, observed_at: '2026-11-27T06:00:00Z' },
        ]),
      );
    await snapshot('snapshot-2026-11-27.csv', 12);
    expect(await runReconcile(options, capturedIo(world.root))).toBe(0);
    await snapshot('snapshot-2026-11-28.csv', 9);

    const dryRun = capturedIo(world.root);
    expect(await runReconcile({ ...options, dryRun: true }, dryRun)).toBe(0);
    expect(dryRun.stdoutText()).toContain(
      ['  1 record(s) in sync, 1 drift(s):', '    SKU-A at wh-1: onHand ours 12, theirs 9 (missed-events)'].join('\n'),
    );
  });

  it('counts every drift and lists the first ones, saying how many more there are', () => {
    const drift = (sku: string): Drift => ({
      sku,
      target: 'web',
      state: 'available',
      expected: 4,
      actual: 0,
      cause: 'changed-on-remote',
      since: '2026-12-07T09:00:00.000Z',
    });
    const text = renderSummary({
      connection: 'shop',
      dryRun: true,
      resumedFrom: undefined,
      pages: 250,
      records: 100_000,
      itemFailures: 0,
      inSync: 98_500,
      loaded: 0,
      snapshotsApplied: 0,
      pushesScheduled: 0,
      driftCount: 1_500,
      drifts: [drift('SKU-1'), drift('SKU-2')],
    });
    expect(text).toContain('  98500 record(s) in sync, 1500 drift(s):');
    expect(text).toContain(
      [
        '    SKU-1 at web: available ours 4, theirs 0 (changed-on-remote)',
        '    SKU-2 at web: available ours 4, theirs 0 (changed-on-remote)',
        '    … and 1498 more (GET /admin/drifts lists the open ones)',
      ].join('\n'),
    );
  });

  it('names the connections there are when asked for one that is not', async () => {
    const world = await createSyncWorld();
    const io = capturedIo(world.root);
    expect(await runReconcile({ config: world.configurationFile, connection: 'erp', redisUrl: redis.url }, io)).toBe(2);
    expect(io.stderrText()).toContain('--connection "erp" is not in');
    expect(io.stderrText()).toContain('it has wms, shop');
  });
});
