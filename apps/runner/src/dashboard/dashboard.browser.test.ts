import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { adjustmentFileText } from '@stockwire/connector-file/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { type HeadlessBrowser, launchChromium, locateChromium } from '@stockwire/testing/chromium';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { describeConfigurationFile } from '../config/configuration-history.ts';
import { createHttpServer } from '../http/create-http-server.ts';
import type { Runner } from '../runtime/create-runner.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import {
  createSyncWorld,
  fixtureSecret,
  fixtureSecretVariable,
  publishedOnWeb,
  type SyncWorld,
} from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { type FixtureVendor, startFixtureVendor } from '../test-support/webhook-fixture-connector/fixture-vendor.ts';

const chromium = locateChromium();
const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const redis = useRedisServer();
const adminToken = 'dashboard-token-for-tests-3f9a';
let vendor: FixtureVendor;
let world: SyncWorld;
let runner: Runner;
let app: FastifyInstance;
let base: string;
let browser: HeadlessBrowser;
let page: Page;
/** Every URL the browser asked for, and those that failed with why: nothing may load from outside the runner. */
const requested: string[] = [];
const blocked = new Map<string, string>();

// Relative to now: the engine refuses relative changes older than its settle horizon, so a fixed date would rot.
const occurredAt = new Date(Date.now() - 30 * 60_000).toISOString();
const adjustment = (id: string, sku: string, location: string, change: number) => ({
  id,
  sku,
  location,
  change,
  reason: 'found',
  occurred_at: occurredAt,
});
const marketShows = (sku: string, quantity: number) =>
  waitUntil(`the market to show ${sku} ${quantity}`, () =>
    vendor
      .pushedItems()
      .filter((item) => item.sku === sku)
      .at(-1)?.quantity === quantity
      ? true
      : undefined,
  );
const admin = async (path: string) =>
  (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${adminToken}` } })).json() as Promise<
    Record<string, unknown>
  >;
/** The cell texts of a table's body, row by row. */
const tableRows = (name: string) =>
  page
    .getByRole('table', { name })
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent?.trim() ?? '')));
/** Waits for the page to show something: it refreshes every 2 s, and a loaded CI machine is slower still. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });
/** Each step drives a real browser against a real runner: generous, since only correctness is asserted. */
const stepTimeoutMs = 60_000;
const screenshot = (name: string) => page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });

describe.skipIf(chromium.executablePath === undefined)(
  `the dashboard in a real browser${chromium.skipReason ? ` (skipped: ${chromium.skipReason})` : ''}`,
  () => {
    beforeAll(async () => {
      await mkdir(artifacts, { recursive: true });
      vendor = await startFixtureVendor();
      const created = await createSyncWorld({
        hooks: { vendorUrl: vendor.url, rateLimit: { ratePerSecond: 20, burst: 20 } },
      });
      // One supplier for every SKU, delivering to wh-1: the replenishment section has something to suggest.
      world = {
        ...created,
        configuration: StockwireConfigurationSchema.parse({
          ...created.configuration,
          replenishment: {
            locations: ['wh-1'],
            suppliers: [{ id: 'acme', leadTimeDays: 7, packSize: 6, safetyStock: 4, default: true }],
          },
        }),
      };
      runner = await startInProcessRunner(world, redis.url, {
        environment: { [fixtureSecretVariable]: fixtureSecret },
        // No sweep: a push refused for good must wait for its replay, not be retried behind the test's back.
        options: { sweepIntervalSeconds: 3_600 },
      });
      app = await createHttpServer({ runner, adminToken });
      base = await app.listen({ port: 0, host: '127.0.0.1' });
      // What `stockwire run` records at start (an in-process runner has no command around it).
      await runner.configurationHistory.record(
        await describeConfigurationFile(world.configurationFile, world.root, new Date()),
      );

      // Stock arrives in the WMS, with one row at a location nobody mapped (a failed item to fix at the source).
      await world.wms.dropInboxFile(
        'adjust-1.csv',
        adjustmentFileText([
          adjustment('c1', 'W-A', 'WH1', 7),
          adjustment('c2', 'SKU-B', 'WH2', 3),
          adjustment('c3', 'SKU-D', 'WH9', 2),
        ]),
      );
      await marketShows('SKU-A', 7);
      await marketShows('SKU-B', 3);
      await waitUntil('web to show SKU-A 7', async () =>
        (await publishedOnWeb(world))['SKU-A'] === 7 ? true : undefined,
      );

      // Someone changes the market behind our back: reconciling finds the drift and pushes ours again.
      vendor.setShown('SKU-B', 1);
      const pushesOfB = vendor.pushedItems().filter((item) => item.sku === 'SKU-B').length;
      expect((await runner.reconcile('hooks')).drifts).toHaveLength(1);
      await waitUntil('SKU-B to be pushed again', () =>
        vendor.pushedItems().filter((item) => item.sku === 'SKU-B').length > pushesOfB ? true : undefined,
      );

      // The market refuses the next push for good: a failed job, replayable once the listing is unlocked.
      vendor.server.faults.failNext(1, { status: 422, body: { error: 'listing is locked' } });
      await world.wms.dropInboxFile('adjust-2.csv', adjustmentFileText([adjustment('c4', 'SKU-C', 'WH1', 5)]));
      await waitUntil('the failed item and the refused push to be dead-lettered', async () =>
        (await runner.deadLetters.count()) === 2 ? true : undefined,
      );

      browser = await launchChromium(chromium.executablePath ?? '');
      page = await browser.context.newPage();
      page.on('request', (request) => requested.push(request.url()));
      page.on('requestfailed', (request) => blocked.set(request.url(), request.failure()?.errorText ?? ''));
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await runner?.close();
      await vendor?.close();
    }, 60_000);

    it(
      'asks for the admin token and refuses a wrong one',
      async () => {
        await page.goto(`${base}/dashboard`);
        await page.getByLabel('Admin token').fill('not-the-token');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await poll(() => page.getByRole('alert').textContent()).toBe('that is not the admin token');
        expect(await page.getByRole('heading', { name: 'SKUs by channel' }).isVisible()).toBe(false);
        await screenshot('dashboard-sign-in');
        expect(await browser.context.cookies()).toEqual([]);
      },
      stepTimeoutMs,
    );

    it(
      'signs in with the token (an HttpOnly, SameSite=Strict cookie) and shows the SKU × channel grid',
      async () => {
        await page.getByLabel('Admin token').fill(adminToken);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('heading', { name: 'SKUs by channel' }).waitFor();
        expect(await browser.context.cookies()).toEqual([
          expect.objectContaining({ name: 'stockwire_admin_session', httpOnly: true, sameSite: 'Strict' }),
        ]);
        // The reconciliation read the market: it was seen showing SKU-A 7 (in sync) and SKU-B 1 (the drift).
        await poll(() => tableRows('SKUs by channel')).toEqual(
          expect.arrayContaining([
            ['SKU-A', 'web', '7', '7', '—', 'in sync'],
            ['SKU-A', 'market', '7', '7', '7', 'in sync'],
            ['SKU-B', 'market', '3', '3', '1', 'in sync'],
            ['SKU-C', 'market', '5', '—', '—', 'waiting to push'],
          ]),
        );

        await page.getByLabel('Filter SKUs').fill('sku-a');
        await poll(() => tableRows('SKUs by channel')).toEqual([
          ['SKU-A', 'web', '7', '7', '—', 'in sync'],
          ['SKU-A', 'market', '7', '7', '7', 'in sync'],
        ]);
        await page.getByLabel('Filter SKUs').fill('');
      },
      stepTimeoutMs,
    );

    it(
      'opens a SKU’s page from the grid: positions, channels and the ledger with the system that sent each update',
      async () => {
        await page.getByRole('link', { name: 'SKU-B' }).first().click();
        await page.getByRole('heading', { name: 'SKU SKU-B' }).waitFor();
        expect(page.url()).toBe(`${base}/dashboard#sku=SKU-B`);
        await poll(() => page.locator('#sku-last-update').textContent()).toMatch(
          /^Last valid update from wms: adjustment at wh-2, happened .+, applied .+, event wms\/c2$/,
        );
        await poll(() => tableRows('Positions by location')).toEqual([
          ['wh-1', '0', '0', '0', '0', '0', '0', '0', '0', '—'],
          ['wh-2', '3', '0', '0', '0', '0', '0', '0', '0', expect.stringMatching(/^wms, /)],
        ]);
        expect(await tableRows('Channels')).toEqual([
          ['web', 'shop', '3 in-stock', '3', '—', 'in sync'],
          ['market', 'hooks', '3 in-stock', '3', '1', 'in sync'],
        ]);
        expect(await tableRows('Ledger (newest first)')).toEqual([
          [
            expect.any(String),
            'wms',
            'adjustment',
            'wh-2',
            expect.any(String),
            'wms/c2',
            expect.stringContaining('change=3'),
          ],
        ]);
        await screenshot('dashboard-sku');

        await page.getByRole('link', { name: '← All SKUs' }).click();
        await page.getByRole('heading', { name: 'SKUs by channel' }).waitFor();
        expect(await page.getByRole('heading', { name: 'SKU SKU-B' }).isVisible()).toBe(false);
      },
      stepTimeoutMs,
    );

    it(
      'lists the drift with its cause and age, and the failed items with their reasons',
      async () => {
        await poll(() => tableRows('Drifts')).toEqual([
          ['SKU-B', 'market', 'available', '3', '1', 'changed-on-remote', expect.stringMatching(/^\d+ s$/)],
        ]);
        const failed = await tableRows('Failed items');
        expect(failed).toEqual([
          [expect.any(String), 'job-failed', 'hooks', expect.stringContaining('422'), 'Replay'],
          [expect.any(String), 'item-failure', 'wms', expect.stringContaining('WH9'), 'fix at the source'],
        ]);
      },
      stepTimeoutMs,
    );

    it(
      'replays a failed item from its button: the row goes, the push happens, the count drops',
      async () => {
        const [refused] = (await runner.deadLetters.list()).filter((letter) => letter.kind === 'job-failed');
        await screenshot('dashboard-before-replay');
        await page.getByRole('button', { name: `Replay ${refused?.id}` }).click();
        await poll(() => page.locator('#replay-result').textContent()).toBe(
          `Replayed ${refused?.id}: re-enqueued on push (flush)`,
        );
        await poll(() => tableRows('Failed items')).toEqual([
          [expect.any(String), 'item-failure', 'wms', expect.stringContaining('WH9'), 'fix at the source'],
        ]);
        expect(await runner.deadLetters.count()).toBe(1);
        await marketShows('SKU-C', 5);
        // The page refreshes itself: the grid shows the push without a reload.
        await poll(() => tableRows('SKUs by channel')).toEqual(
          expect.arrayContaining([['SKU-C', 'market', '5', '5', '—', 'in sync']]),
        );
      },
      stepTimeoutMs,
    );

    it(
      'charts events per second, latency and the API budget, and keeps them current',
      async () => {
        const series = (await admin('/admin/timeseries')).samples as Array<{
          eventsReceivedPerSecond: number;
          latencyP50Seconds: number | null;
          connections: Record<string, { budgetUsed: number | null; callsPerSecond: number }>;
        }>;
        expect(series.some((sample) => sample.eventsReceivedPerSecond > 0)).toBe(true);
        expect(series.some((sample) => sample.latencyP50Seconds !== null)).toBe(true);
        // hooks declares 20 pushes a second; shop (file) declares no limit, so it has no budget line.
        expect(series.some((sample) => (sample.connections.hooks?.budgetUsed ?? 0) > 0)).toBe(true);
        expect(series.every((sample) => sample.connections.shop?.budgetUsed === null)).toBe(true);

        const points = (chart: string) =>
          page
            .locator(`#${chart} svg`)
            .getAttribute('data-points')
            .then((value) => Number(value));
        await poll(() => points('events-chart')).toBeGreaterThan(0);
        await poll(() => points('latency-chart')).toBeGreaterThan(0);
        await poll(() => points('budget-chart')).toBeGreaterThan(0);
        expect(await page.getByRole('img', { name: /^API budget used: hooks \d+ %$/ }).count()).toBe(1);
        const before = await points('events-chart');
        await poll(() => points('events-chart')).toBeGreaterThan(before);
        await screenshot('dashboard');
      },
      stepTimeoutMs,
    );

    it(
      'shows each connection’s failed-sync rate: the push the market refused counts as a failed call',
      async () => {
        const overview = (await admin('/admin/overview')) as {
          connections: Array<{ name: string; failedSyncs: { failedCalls: number; calls: number } | null }>;
        };
        const hooks = overview.connections.find((connection) => connection.name === 'hooks');
        expect(hooks?.failedSyncs?.failedCalls).toBe(1);
        expect(hooks?.failedSyncs?.calls).toBeGreaterThan(1);
        const failedSyncsOf = async (connection: string) =>
          (await tableRows('Overview')).find((cells) => cells[0] === connection)?.[7];
        await poll(() => failedSyncsOf('hooks')).toMatch(/^calls \d+(\.\d)? % \(1 of \d+\)/);
        expect(await page.locator('#connections td[data-failing="true"]').count()).toBe(1);
      },
      stepTimeoutMs,
    );

    it(
      'lists replenishment suggestions, labelled as such, and the configuration history with the current one',
      async () => {
        await page.goto(`${base}/dashboard`);
        await page.getByRole('heading', { name: 'Replenishment — suggestions' }).waitFor();
        await page.getByText('Suggestions only: Stockwire places no purchase order.').waitFor();
        // Nothing sold yet, so velocity 0: the reorder point is the safety stock (4). At or below it (SKU-B, SKU-D:
        // 0 at wh-1) the order brings the position up to 4, one case of 6. wh-2 has no supplier: no rows.
        await poll(() => tableRows('Replenishment — suggestions')).toEqual([
          ['SKU-A', 'wh-1', 'acme', '0.00', '—', '7', '4', '0', '0 × 6'],
          ['SKU-B', 'wh-1', 'acme', '0.00', '—', '0', '4', '6', '1 × 6'],
          ['SKU-C', 'wh-1', 'acme', '0.00', '—', '5', '4', '0', '0 × 6'],
          ['SKU-D', 'wh-1', 'acme', '0.00', '—', '0', '4', '6', '1 × 6'],
        ]);
        const [start] = (await admin('/admin/configuration-history')).starts as Array<{
          contentHash: string;
          file: string;
          ownerName: string;
          host: string;
          pid: number;
        }>;
        await poll(() => tableRows('Configuration history')).toEqual([
          [
            start?.contentHash.slice(0, 12),
            world.configurationFile,
            start?.ownerName,
            expect.any(String),
            `${start?.host} (pid ${start?.pid})`,
            'current',
          ],
        ]);
        await screenshot('replenishment-and-history');
      },
      stepTimeoutMs,
    );

    it(
      'previews an uploaded configuration: each value it would change, the rule, the totals; a bad one shows why',
      async () => {
        await page.goto(`${base}/dashboard`);
        await page.getByRole('heading', { name: 'Preview a configuration' }).waitFor();
        await page.getByText('A preview only: nothing is written or pushed').waitFor();
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
        const proposed = stringify(raw);
        await page.getByLabel('Configuration file').setInputFiles({
          name: 'stockwire.next.yaml',
          mimeType: 'text/yaml',
          buffer: Buffer.from(proposed),
        });
        await poll(() => page.getByLabel('YAML of the configuration').inputValue()).toBe(proposed);
        await page.getByRole('button', { name: 'Preview changes' }).click();
        // Live stock: SKU-A 7 (wh-1), SKU-B 3 (wh-2), SKU-C 5 (wh-1), SKU-D none. SKU-A: the market's 5 ring-fenced,
        // 2 shared, web 2 − 2 = 0 (the market keeps 5 + 2 = 7: no row). SKU-B 3 − 2 = 1, SKU-C 5 − 2 = 3; SKU-D 0.
        await poll(() => tableRows('Preview a configuration')).toEqual([
          [
            'SKU-A',
            'web',
            '7',
            '0',
            '-7',
            'allocation none → pool central: 7 sellable, ring-fenced market 5, 2 shared; this channel 0 ring-fenced + 2 shared',
          ],
          ['SKU-B', 'web', '3', '1', '-2', 'buffer 0 → 2'],
          ['SKU-C', 'web', '5', '3', '-2', 'buffer 0 → 2'],
        ]);
        expect(await tableRows('Net change per channel')).toEqual([['web', '-11']]);
        await page.getByText('3 values change on 3 SKUs').waitFor();
        await screenshot('configuration-preview');

        // A typo: the runner's loader names the field, the page shows it and no stale table.
        await page.getByLabel('YAML of the configuration').fill(proposed.replace('buffer: 2', 'bufer: 2'));
        await page.getByRole('button', { name: 'Preview changes' }).click();
        const alert = page.locator('#preview-error');
        await poll(() => alert.textContent()).toContain('Configuration stockwire.next.yaml has 1 problem');
        expect(await alert.textContent()).toContain('channels[0].policy');
        expect(await alert.textContent()).toContain('bufer');
        expect(await tableRows('Preview a configuration')).toEqual([['No preview']]);
        // Nothing changed for real: the web store still shows SKU-A 7.
        expect((await publishedOnWeb(world))['SKU-A']).toBe(7);
      },
      stepTimeoutMs,
    );

    it(
      'links to the queue board (bull-board), which opens with the session',
      async () => {
        await page.getByRole('link', { name: 'Queues (bull-board)' }).click();
        await page.waitForURL(`${base}/admin/queues`);
        await page.getByText('Stockwire queues').first().waitFor();
        await page.getByText('push', { exact: true }).first().waitFor();
        await page.getByText('Loading').first().waitFor({ state: 'hidden' });
        await screenshot('queues');
        // bull-board's page links Google Fonts; the policy the runner sends with it stops the browser from asking.
        const outside = requested.filter((url) => !url.startsWith(base));
        expect(outside.map((url) => [url, blocked.get(url)])).toEqual(outside.map((url) => [url, 'csp']));
        expect(requested.filter((url) => url.startsWith(base)).length).toBeGreaterThan(0);
      },
      stepTimeoutMs,
    );

    it(
      'keeps the admin pages closed without a session',
      async () => {
        const board = await fetch(`${base}/admin/queues`, { headers: { accept: 'text/html' }, redirect: 'manual' });
        expect(board.status).toBe(303);
        expect(board.headers.get('location')).toBe('/dashboard');
        const forged = await fetch(`${base}/admin/overview`, {
          headers: { cookie: `stockwire_admin_session=${Date.now() + 60_000}.forged` },
        });
        expect(forged.status).toBe(401);
        await page.goto(`${base}/dashboard`);
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.getByLabel('Admin token').waitFor();
        expect((await browser.context.cookies()).filter((cookie) => cookie.value !== '')).toEqual([]);
      },
      stepTimeoutMs,
    );
  },
);
