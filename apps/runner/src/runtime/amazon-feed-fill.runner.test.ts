import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AmazonSandbox, createAmazonSandbox } from '@stockwire/connector-amazon/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../observability/create-logger.ts';
import { testRunnerOptions } from '../test-support/in-process-runner.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { createRunner, type Runner } from './create-runner.ts';

const redis = useRedisServer();
const marketplace = 'ATVPDKIKX0DER';
const skus = Array.from({ length: 60 }, (_, index) => `SKU-${String(index).padStart(3, '0')}`);
const quantityOf = (sku: string) => 1 + (Number(sku.slice(4)) % 7);

let amazon: AmazonSandbox | undefined;
let runner: Runner | undefined;
let root: string | undefined;
afterEach(async () => {
  await runner?.close();
  await amazon?.close();
  if (root !== undefined) await rm(root, { recursive: true, force: true });
  runner = amazon = root = undefined;
});

/**
 * A warehouse (file connector, the authority) and one Amazon marketplace it publishes to as a channel, the runner
 * in this process against the Amazon sandbox through the real amazon-sp-api SDK. Every listing starts at 0.
 */
async function startWorld(amazonSettings: { feedFillWindowMs: number; feedPollSeconds?: number }) {
  const sandbox = await createAmazonSandbox({ feedQueueMs: 0, feedProcessingMs: 0 });
  amazon = sandbox;
  for (const sku of skus) sandbox.setListing(marketplace, sku, 0);
  root = await mkdtemp(join(tmpdir(), 'stockwire-amazon-fill-'));
  const configuration = StockwireConfigurationSchema.parse({
    version: 1,
    locations: [{ id: 'wh-1', kind: 'warehouse' }],
    skus: skus.map((id) => ({ id })),
    connections: {
      wms: { connector: 'file', settings: { transport: { kind: 'folder', path: root } } },
      amazon: {
        connector: 'amazon',
        locations: { [marketplace]: 'wh-1' },
        settings: {
          sellerId: sandbox.sellerId,
          marketplaceIds: [marketplace],
          clientId: { env: 'AMAZON_CLIENT_ID' },
          clientSecret: { env: 'AMAZON_CLIENT_SECRET' },
          refreshToken: { env: 'AMAZON_REFRESH_TOKEN' },
          endpoint: sandbox.baseUrl,
          // A SKU in a feed is held until the feed is polled (its retryAfterMs): the sandbox's feeds are done at once.
          feedPollSeconds: 1,
          ...amazonSettings,
        },
      },
    },
    authority: [{ connections: ['wms'], states: '*' }],
    channels: [{ id: 'amazon-us', connection: 'amazon', locations: ['wh-1'] }],
  });
  const started = await createRunner({
    configuration,
    redisUrl: redis.url,
    options: { ...testRunnerOptions, keyPrefix: `amazon-fill-${randomUUID()}` },
    environment: {
      AMAZON_CLIENT_ID: sandbox.credentials.clientId,
      AMAZON_CLIENT_SECRET: sandbox.credentials.clientSecret,
      AMAZON_REFRESH_TOKEN: sandbox.credentials.refreshToken,
    },
    logger: createLogger({ level: process.env.STOCKWIRE_TEST_LOG_LEVEL ?? 'silent' }),
  });
  runner = started;
  await started.start();
  return { runner: started, sandbox };
}

/** One warehouse poll page setting each SKU's on hand, as the runner's apply queue receives it. */
async function warehouseSets(target: Runner, wave: readonly string[], label: string) {
  await target.enqueue({
    queue: 'apply',
    name: 'apply',
    data: {
      connection: 'wms',
      origin: 'poll',
      receivedAt: Date.now(),
      events: wave.map((sku) => ({
        kind: 'snapshot',
        idempotencyKey: `${label}-${sku}`,
        source: 'wms',
        occurredAt: new Date().toISOString(),
        sku,
        location: 'wh-1',
        quantities: { onHand: quantityOf(sku) },
      })),
    },
  });
}

const landed = (sandbox: AmazonSandbox, wave: readonly string[]) =>
  wave.every((sku) => sandbox.listingQuantity(marketplace, sku) === quantityOf(sku)) ? true : undefined;
const patches = (sandbox: AmazonSandbox) => sandbox.server.calls.filter((call) => call.method === 'PATCH').length;

describe('Amazon feed fill window through the runner (#14)', () => {
  const [first, second] = [skus.slice(0, 30), skus.slice(30, 60)];

  it('two feed-sized waves a second apart go out as one feed while the window is open', async () => {
    const { runner: started, sandbox } = await startWorld({ feedFillWindowMs: 4_000 });
    await warehouseSets(started, first, 'wave-1');
    await waitUntil('the first wave to be marked for Amazon', async () =>
      (await started.engine.dirtyCount('amazon')) >= 30 ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // The first wave is still filling: nothing reached Amazon yet.
    expect(sandbox.state.feeds.size).toBe(0);
    await warehouseSets(started, second, 'wave-2');
    await waitUntil('both waves on Amazon', () => landed(sandbox, skus), { timeoutMs: 30_000 });
    expect(sandbox.state.feeds.size).toBe(1);
    expect(patches(sandbox)).toBe(0);
  }, 60_000);

  it('without a window (feedFillWindowMs 0) the same waves cost two feeds', async () => {
    const { runner: started, sandbox } = await startWorld({ feedFillWindowMs: 0 });
    await warehouseSets(started, first, 'wave-1');
    await waitUntil('the first wave on Amazon', () => landed(sandbox, first), { timeoutMs: 30_000 });
    await warehouseSets(started, second, 'wave-2');
    await waitUntil('both waves on Amazon', () => landed(sandbox, skus), { timeoutMs: 30_000 });
    expect(sandbox.state.feeds.size).toBe(2);
  }, 60_000);

  it('a change too small for a feed is patched at once, however long the window', async () => {
    const { runner: started, sandbox } = await startWorld({ feedFillWindowMs: 60_000 });
    const few = skus.slice(0, 5);
    await warehouseSets(started, few, 'few');
    // Well inside the 60 s window: the patch path never waits for it.
    await waitUntil('five patched SKUs on Amazon', () => landed(sandbox, few), { timeoutMs: 15_000 });
    expect(sandbox.state.feeds.size).toBe(0);
    expect(patches(sandbox)).toBe(5);
  }, 60_000);
});

/** The hold test's `feedPollSeconds`: the `retryAfterMs` of every SKU waiting on a feed is this, in ms. */
const feedPollSeconds = 3;

describe('SKUs waiting on an Amazon feed are held until its retryAfterMs (#14)', () => {
  it('no flush polls the feed before the hold ends, and a second wave goes as its own feed meanwhile', async () => {
    const { runner: started, sandbox } = await startWorld({ feedFillWindowMs: 0, feedPollSeconds });
    const [first, second] = [skus.slice(0, 30), skus.slice(30, 60)];
    const createFeeds = () =>
      sandbox.server.calls.filter((call) => call.method === 'POST' && call.path.endsWith('/feeds'));
    const getFeeds = () =>
      sandbox.server.calls.filter((call) => call.method === 'GET' && /\/feeds\/[^/]+$/.test(call.path));

    await warehouseSets(started, first, 'wave-1');
    await waitUntil('the first feed', () => (createFeeds().length >= 1 ? true : undefined));
    // Offers a flush at once (the apply job's), with the first wave's 30 SKUs still dirty and waiting on the feed.
    await warehouseSets(started, second, 'wave-2');
    await waitUntil('both waves on Amazon', () => landed(sandbox, skus), { timeoutMs: 25_000 });
    await waitUntil('nothing left to push', async () =>
      (await started.engine.dirtyCount('amazon')) === 0 ? true : undefined,
    );

    const [firstFeed, secondFeed] = createFeeds();
    expect(createFeeds()).toHaveLength(2);
    // Each feed polled once, when its SKUs' hold ended: the retry after 200 ms, the sweeps every 2 s and the
    // second wave's flush each left the held SKUs out instead of polling a feed Amazon had not been given time for.
    expect(getFeeds()).toHaveLength(2);
    const [firstPoll, secondPoll] = getFeeds();
    expect(firstPoll?.time).toBeGreaterThanOrEqual((firstFeed?.time ?? Number.NaN) + feedPollSeconds * 1_000);
    expect(secondPoll?.time).toBeGreaterThanOrEqual((secondFeed?.time ?? Number.NaN) + feedPollSeconds * 1_000);
    // The second wave did not wait behind the first wave's hold: its feed went before the first feed was read.
    expect(secondFeed?.time).toBeLessThan(firstPoll?.time ?? Number.NaN);
    // Each feed carried its own wave: the held SKUs were not sent again, and nothing went as a patch.
    expect([...sandbox.state.feeds.values()].map((feed) => skusOf(sandbox, feed.inputFeedDocumentId))).toEqual([
      first,
      second,
    ]);
    expect(sandbox.state.writes).toBe(60);
    expect(patches(sandbox)).toBe(0);
  }, 30_000);
});

const skusOf = (sandbox: AmazonSandbox, documentId: string) => {
  const content = JSON.parse(sandbox.state.documents.get(documentId)?.content ?? '{}') as {
    messages?: { sku: string }[];
  };
  return (content.messages ?? []).map((message) => message.sku).sort();
};
