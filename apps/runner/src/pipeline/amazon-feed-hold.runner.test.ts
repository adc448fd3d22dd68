import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AmazonSandbox, createAmazonSandbox } from '@stockwire/connector-amazon/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../observability/create-logger.ts';
import { createRunner, type Runner } from '../runtime/create-runner.ts';
import { testRunnerOptions } from '../test-support/in-process-runner.ts';
import { waitUntil } from '../test-support/wait-until.ts';

const redis = useRedisServer();
const marketplace = 'ATVPDKIKX0DER';
const skus = Array.from({ length: 60 }, (_, index) => `SKU-${String(index).padStart(3, '0')}`);
const quantityOf = (sku: string) => 1 + (Number(sku.slice(4)) % 7);
/** The connector's `feedPollSeconds`: the `retryAfterMs` of every SKU waiting on a feed is this, in ms. */
const feedPollSeconds = 3;

let amazon: AmazonSandbox | undefined;
let runner: Runner | undefined;
let root: string | undefined;
afterEach(async () => {
  await runner?.close();
  await amazon?.close();
  if (root !== undefined) await rm(root, { recursive: true, force: true });
  runner = amazon = root = undefined;
});

/** A warehouse (file connector, the authority) publishing to one Amazon marketplace, every listing at 0. */
async function startWorld() {
  // The sandbox finishes a feed the first time it is polled: any poll before the hold would settle it early.
  const sandbox = await createAmazonSandbox({ feedQueueMs: 0, feedProcessingMs: 0 });
  amazon = sandbox;
  for (const sku of skus) sandbox.setListing(marketplace, sku, 0);
  root = await mkdtemp(join(tmpdir(), 'stockwire-amazon-hold-'));
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
          feedFillWindowMs: 0,
          feedPollSeconds,
        },
      },
    },
    authority: [{ connections: ['wms'], states: '*' }],
    channels: [{ id: 'amazon-us', connection: 'amazon', locations: ['wh-1'] }],
  });
  // The test options retry deferred pushes after 200 ms and sweep every 2 s: both come well inside the hold.
  const started = await createRunner({
    configuration,
    redisUrl: redis.url,
    options: { ...testRunnerOptions, keyPrefix: `amazon-hold-${randomUUID()}` },
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

describe('SKUs waiting on an Amazon feed are held until its retryAfterMs (#14)', () => {
  it('no flush polls the feed before the hold ends, and a second wave goes as its own feed meanwhile', async () => {
    const { runner: started, sandbox } = await startWorld();
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
    expect(patchesOf(sandbox)).toBe(0);
  }, 30_000);
});

const patchesOf = (sandbox: AmazonSandbox) => sandbox.server.calls.filter((call) => call.method === 'PATCH').length;
const skusOf = (sandbox: AmazonSandbox, documentId: string) => {
  const content = JSON.parse(sandbox.state.documents.get(documentId)?.content ?? '{}') as {
    messages?: { sku: string }[];
  };
  return (content.messages ?? []).map((message) => message.sku).sort();
};
