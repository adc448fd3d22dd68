import { adjustmentFileText, snapshotFileText } from '@stockwire/connector-file/sandbox';
import { useRedisServer } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';
import type { SkuLedgerView } from '../observability/sku-ledger.ts';
import type { Runner } from '../runtime/create-runner.ts';
import { capturedIo } from '../test-support/captured-io.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld, publishedOnWeb, type SyncWorld } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { runLedger } from './ledger.ts';

const redis = useRedisServer();
let world: SyncWorld;
let runner: Runner;
// Relative to now: the engine refuses relative changes older than its settle horizon, so fixed dates would rot.
const countedAt = new Date(Date.now() - 20 * 60_000).toISOString();
const foundAt = new Date(Date.now() - 10 * 60_000).toISOString();

beforeAll(async () => {
  world = await createSyncWorld();
  runner = await startInProcessRunner(world, redis.url);
  await world.wms.dropInboxFile(
    'snapshot-1.csv',
    snapshotFileText([{ sku: 'W-A', location: 'WH1', on_hand: 10, committed: 1, observed_at: countedAt }]),
  );
  // A snapshot is read by a reconciliation (hourly in production), not by the change poll.
  await runner.reconcile('wms');
  await waitUntil('web to show SKU-A 9', async () => ((await publishedOnWeb(world))['SKU-A'] === 9 ? true : undefined));
  await world.wms.dropInboxFile(
    'adjust-1.csv',
    adjustmentFileText([
      { id: 'found-3', sku: 'W-A', location: 'WH2', change: 3, reason: 'found', occurred_at: foundAt },
    ]),
  );
  await waitUntil('web to show SKU-A 12', async () =>
    (await publishedOnWeb(world))['SKU-A'] === 12 ? true : undefined,
  );
}, 60_000);

afterAll(async () => {
  await runner?.close();
});

const ledger = async (options: Partial<Parameters<typeof runLedger>[0]>) => {
  const io = capturedIo(world.root);
  const exitCode = await runLedger(
    { sku: 'SKU-A', limit: '20', config: world.configurationFile, redisUrl: redis.url, ...options },
    io,
  );
  return { exitCode, stdout: io.stdoutText(), stderr: io.stderrText() };
};

describe('stockwire ledger', () => {
  it('prints who sent the last valid update, the positions, the channels and the updates as tables', async () => {
    const { exitCode, stdout } = await ledger({});
    expect(exitCode).toBe(0);
    const [title, last, positions, channels, updates] = stdout.trimEnd().split('\n\n');
    expect(title).toBe('SKU-A');
    const [newest] = await runner.engine.ledger('SKU-A', 1);
    expect(last).toBe(
      `Last valid update: wms, event wms/found-3 (adjustment at wh-2), happened ${foundAt}, ` +
        `applied ${new Date(newest?.at ?? 0).toISOString()}`,
    );
    expect(positions?.split('\n').map((line) => line.split(/ {2,}/))).toEqual([
      ['Positions'],
      [
        'LOCATION',
        'ON HAND',
        'COMMITTED',
        'RESERVED',
        'DAMAGED',
        'QC',
        'SAFETY',
        'IN TRANSIT',
        'INCOMING',
        'LAST UPDATE BY',
      ],
      ['wh-1', '10', '1', '0', '0', '0', '0', '0', '0', `wms at ${countedAt}`],
      ['wh-2', '3', '0', '0', '0', '0', '0', '0', '0', `wms at ${foundAt}`],
    ]);
    expect(channels?.split('\n')[2]?.split(/ {2,}/)).toEqual([
      'web',
      'shop',
      '12 in-stock',
      '12',
      expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      '—',
      '—',
      'in-sync',
    ]);
    const updateRows = updates
      ?.split('\n')
      .slice(2)
      .map((line) => line.split(/ {2,}/));
    expect(updateRows).toEqual([
      [expect.any(String), 'wms', 'adjustment', 'wh-2', foundAt, 'wms/found-3', 'change=3 reason=found'],
      [
        expect.any(String),
        'wms',
        'snapshot',
        'wh-1',
        countedAt,
        `reconcile:wms:SKU-A:wh-1:${countedAt}`,
        expect.stringContaining('onHand'),
      ],
    ]);
  });

  it('prints the admin API’s JSON with --json, narrowed by --location and --limit', async () => {
    const { exitCode, stdout } = await ledger({ json: true, location: 'wh-1', limit: '1' });
    expect(exitCode).toBe(0);
    const view = JSON.parse(stdout) as SkuLedgerView;
    expect(view.positions.map(({ location, quantities }) => [location, quantities.onHand])).toEqual([['wh-1', 10]]);
    expect(view.updates).toEqual([
      expect.objectContaining({ source: 'wms', kind: 'snapshot', location: 'wh-1', occurredAt: countedAt }),
    ]);
    expect(view.channels.map(({ channel, state }) => [channel, state])).toEqual([['web', 'in-sync']]);
  });

  it('refuses an unknown SKU or location, or a bad limit, as a command-line error (exit 2)', async () => {
    const unknownSku = await ledger({ sku: 'W-A' });
    expect(unknownSku.exitCode).toBe(2);
    expect(unknownSku.stderr).toContain('--sku "W-A" is not a SKU of');
    const unknownLocation = await ledger({ location: 'WH1' });
    expect(unknownLocation.exitCode).toBe(2);
    expect(unknownLocation.stderr).toContain('--location "WH1" is not in');
    expect((await ledger({ limit: 'many' })).exitCode).toBe(2);
  });

  it('exits 3 when Redis cannot be reached', async () => {
    const unreachable = await ledger({ redisUrl: 'redis://127.0.0.1:1' });
    expect(unreachable.exitCode).toBe(3);
    expect(unreachable.stderr).toContain('redis://127.0.0.1:1');
  }, 30_000);

  it('explains itself in --help and is listed by stockwire --help', async () => {
    const io = capturedIo(world.root);
    expect(await runCli(['ledger', '--help'], io)).toBe(0);
    expect(io.stdoutText()).toContain('Usage: stockwire ledger [options]');
    expect(io.stdoutText()).toContain('--sku <id>');
    expect(io.stdoutText()).toContain('$ stockwire ledger --sku CANDLE-CEDAR --json');
    const overview = capturedIo(world.root);
    expect(await runCli(['--help'], overview)).toBe(0);
    expect(overview.stdoutText()).toMatch(/\n {2}ledger \[options\] +show one SKU as the engine holds it/);
  });
});
