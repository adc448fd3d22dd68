import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { adjustmentFileText } from '@stockwire/connector-file/sandbox';
import { useRedisServer } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCli } from '../cli/run-cli.ts';
import type { DiffRow } from '../preview/diff-rows.ts';
import type { DiffTotals } from '../preview/diff-totals.ts';
import { capturedIo } from '../test-support/captured-io.ts';
import { type RunnerProcess, startRunnerProcess } from '../test-support/runner-process.ts';
import { createSyncWorld, fixtureSecret, fixtureSecretVariable, type SyncWorld } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { type FixtureVendor, startFixtureVendor } from '../test-support/webhook-fixture-connector/fixture-vendor.ts';
import { previewBodyLimitBytes } from './configuration-preview-routes.ts';

// Issue #21: the dashboard previews a configuration an admin uploads, through `stockwire run`, on stock the runner
// took from the WMS inbox; the answer is what `stockwire diff --json` prints for the same file.

const redis = useRedisServer();
const adminToken = 'preview-token-for-tests-5e1b';
const occurredAt = () => new Date(Date.now() - 10 * 60_000).toISOString();
let world: SyncWorld;
let vendor: FixtureVendor;
let runner: RunnerProcess;
let proposedFile: string;
let proposedText: string;

interface PreviewAnswer {
  readonly preview: boolean;
  readonly file: string;
  readonly rows: readonly DiffRow[];
  readonly totals: DiffTotals;
  readonly truncated: boolean;
  readonly rowLimit: number;
  readonly uncheckedConnections: readonly unknown[];
  readonly error?: string;
  readonly issues?: ReadonlyArray<{ path: string; line?: number; message: string }>;
}

const upload = async (
  body: string,
  options: { token?: string | undefined; query?: string; contentType?: string } = {},
) => {
  const token = 'token' in options ? options.token : adminToken;
  const answer = await fetch(`${runner.url}/admin/configuration/preview${options.query ?? ''}`, {
    method: 'POST',
    body,
    headers: {
      'content-type': options.contentType ?? 'text/yaml',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
  });
  return { status: answer.status, body: (await answer.json()) as PreviewAnswer };
};

beforeAll(async () => {
  // Channel `web` (the shop) and channel `market` (the fixture vendor), both selling wh-1 and wh-2.
  vendor = await startFixtureVendor();
  world = await createSyncWorld({ hooks: { vendorUrl: vendor.url } });
  // The proposal: web holds 2 back, and a pool of both warehouses ring-fences 5 of SKU-A for the market.
  const raw = parse(await readFile(world.configurationFile, 'utf8'));
  raw.channels[0].policy = { buffer: 2 };
  raw.allocation = {
    pools: [
      {
        id: 'central',
        locations: ['wh-1', 'wh-2'],
        reservations: [{ channel: 'market', quantity: 5, skus: ['SKU-A'] }],
      },
    ],
  };
  proposedText = stringify(raw);
  proposedFile = join(world.root, 'stockwire.next.yaml');
  await writeFile(proposedFile, proposedText);
  runner = await startRunnerProcess({
    configurationFile: world.configurationFile,
    redisUrl: redis.url,
    environment: {
      [fixtureSecretVariable]: fixtureSecret,
      STOCKWIRE_ADMIN_TOKEN: adminToken,
      STOCKWIRE_POLL_INTERVAL_SECONDS: '1',
      STOCKWIRE_RECONCILE_INTERVAL_SECONDS: '0',
    },
  });
  // Live stock: SKU-A 10 at wh-1 (the WMS calls it W-A), SKU-B 3 at wh-2; SKU-C and SKU-D none.
  await world.wms.dropInboxFile(
    'adjust-0001.csv',
    adjustmentFileText([
      { id: 'a1', sku: 'W-A', location: 'WH1', change: 10, reason: 'found', occurred_at: occurredAt() },
      { id: 'b1', sku: 'SKU-B', location: 'WH2', change: 3, reason: 'found', occurred_at: occurredAt() },
    ]),
  );
  await waitUntil(
    'the market to show SKU-A 10 and SKU-B 3',
    () => {
      const shown = (sku: string) =>
        vendor
          .pushedItems()
          .filter((item) => item.sku === sku)
          .at(-1)?.quantity;
      return shown('SKU-A') === 10 && shown('SKU-B') === 3 ? true : undefined;
    },
    { describeLast: () => runner.output().split('\n').slice(-8).join('\n') },
  );
}, 60_000);

afterAll(async () => {
  await runner?.stop('SIGTERM');
  await vendor?.close();
});

describe('POST /admin/configuration/preview, through stockwire run (#21)', () => {
  it('shows each value the uploaded configuration would change, its cause and the totals, as stockwire diff does', async () => {
    const { status, body } = await upload(proposedText, { query: '?file=stockwire.next.yaml' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ preview: true, file: 'stockwire.next.yaml', truncated: false, rowLimit: 500 });
    // SKU-A, 10 sellable. web: 10 → the pool rings 5 for the market, 5 shared, less the buffer of 2 = 3.
    // market: its 5 + the 5 shared = 10, as before: no row. SKU-B, 3 sellable, not reserved: web 3 − 2 = 1,
    // market 3 both times. SKU-C and SKU-D have nothing: 0 − 2 is still 0.
    expect(
      body.rows.map((row) => [row.sku, row.channel, row.currentQuantity, row.newQuantity, row.delta, row.rule]),
    ).toEqual([
      [
        'SKU-A',
        'web',
        10,
        3,
        -7,
        'allocation none → pool central: 10 sellable, ring-fenced market 5, 5 shared; this channel 0 ring-fenced + 5 shared',
      ],
      ['SKU-B', 'web', 3, 1, -2, 'buffer 0 → 2'],
    ]);
    expect(body.totals).toEqual({ rowsChanged: 2, skusAffected: 2, deltaByChannel: { web: -9 } });
    // Every connector the upload names is one the runner runs: every connection's settings were checked.
    expect(body.uncheckedConnections).toEqual([]);

    // The same file through the CLI, against the same live stock: the same rows and totals, to the character.
    const io = capturedIo(world.root);
    const exitCode = await runCli(
      ['diff', '--config', proposedFile, '--current', world.configurationFile, '--redis-url', redis.url, '--json'],
      io,
    );
    expect(io.stderrText()).toBe('');
    expect(exitCode).toBe(0);
    expect(JSON.parse(io.stdoutText())).toEqual({ rows: body.rows, totals: body.totals });
  });

  it('returns the first rows only when asked for fewer, with the totals of all and truncated set', async () => {
    const { status, body } = await upload(proposedText, { query: '?limit=1' });
    expect(status).toBe(200);
    expect(body.rows.map((row) => row.sku)).toEqual(['SKU-A']);
    expect(body).toMatchObject({ truncated: true, rowLimit: 1, totals: { rowsChanged: 2 } });
  });

  it('refuses a request without the admin token, before reading the configuration', async () => {
    expect((await upload(proposedText, { token: undefined })).status).toBe(401);
    expect((await upload(proposedText, { token: 'not-the-token' })).status).toBe(401);
    // The gate runs before the body is read: an oversize upload without the token is a 401, not a 413.
    const oversize = `${proposedText}#${'x'.repeat(previewBodyLimitBytes)}\n`;
    expect((await upload(oversize, { token: undefined })).status).toBe(401);
  });

  it('answers 400 naming the field of a configuration with a problem, and the line it is on', async () => {
    const typo = proposedText.replace('buffer: 2', 'bufer: 2');
    expect(typo).not.toBe(proposedText);
    const { status, body } = await upload(typo, { query: '?file=typo.yaml' });
    expect(status).toBe(400);
    expect(body.error).toMatch(/^Configuration typo\.yaml has 1 problem:/);
    expect(body.error).toContain('channels[0].policy');
    expect(body.error).toContain('bufer');
    const line = typo.split('\n').findIndex((text) => text.includes('bufer')) + 1;
    expect(body.issues).toEqual([
      expect.objectContaining({ path: expect.stringContaining('channels[0].policy'), line }),
    ]);

    const notYaml = await upload('version: 1\nlocations: [wh-1\n');
    expect(notYaml.status).toBe(400);
    expect(notYaml.body.error).toMatch(/^Configuration uploaded configuration has \d+ problems?:/);
  });

  it('answers 413 with the limit for a configuration larger than 1 MiB', async () => {
    const oversize = `${proposedText}#${'x'.repeat(previewBodyLimitBytes)}\n`;
    const { status, body } = await upload(oversize);
    expect(status).toBe(413);
    expect(body.error).toBe('the configuration is larger than 1048576 bytes (1 MiB), the most a preview takes');
  });

  it('answers 415 for a body that is not YAML text', async () => {
    const { status, body } = await upload(JSON.stringify({ yaml: proposedText }), { contentType: 'application/json' });
    expect(status).toBe(415);
    expect(body.error).toContain('text/yaml');
  });
});
