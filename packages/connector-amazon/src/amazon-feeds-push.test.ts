import { gunzipSync } from 'node:zlib';
import type { PushItemResultV2, PushItemV2 } from '@stockwire/connector-spec';
import { PermanentItemError } from '@stockwire/connector-spec';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AmazonFeedInProgressError } from './amazon-errors.ts';
import { createMemoryFeedLedger } from './amazon-feed-ledger.ts';
import { type AmazonSandbox, createAmazonSandbox } from './sandbox/index.ts';
import {
  manySkuConfiguration,
  mappingOf,
  marketplaces,
  sandboxConnector,
  skuName,
} from './test-support/amazon-test-setup.ts';

const connection = 'amazon-feeds';
const skuCount = 10_000;
const configuration = manySkuConfiguration(connection, skuCount);
const mapping = mappingOf(configuration, connection);
/** Longer than the sandbox's queue and processing time together: the feed is DONE after it. */
const feedDoneAfterMs = 10 * 60_000;
let sandbox: AmazonSandbox;

const items = (count: number, quantityOf: (index: number) => number): PushItemV2[] =>
  Array.from({ length: count }, (_, index) => ({
    key: `amazon/${skuName(index)}`,
    channel: 'amazon',
    sku: skuName(index),
    location: 'amazon-us',
    quantity: quantityOf(index),
    status: 'in-stock',
  }));

const outcomes = (results: readonly PushItemResultV2[]) => {
  const counts: Record<string, number> = {};
  for (const result of results) counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
  return counts;
};

const uploadedDocuments = () =>
  sandbox.server.calls
    .filter((call) => call.method === 'PUT' && call.headers.host?.includes('amazonaws.com'))
    .map((call) => JSON.parse(call.bodyText) as { messages: { messageId: number; sku: string; patches: unknown }[] });

beforeAll(async () => {
  sandbox = await createAmazonSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
  sandbox.reset();
  for (let index = 0; index < skuCount; index++) sandbox.setListing(marketplaces.us, skuName(index), 1);
});

describe('pushing FBM quantities as a JSON_LISTINGS_FEED', () => {
  it('sends 10,000 quantity changes as one feed and reports every result once Amazon is done', async () => {
    const ledger = createMemoryFeedLedger();
    const batch = items(skuCount, (index) => 100 + (index % 50));

    const submitted = await sandboxConnector(sandbox, mapping, {}, { feedLedger: ledger }).push.push({
      items: batch,
      idempotencyKey: 'ten-thousand',
    });

    const apiCalls = sandbox.spApiCalls().map((call) => `${call.method} ${call.path}`);
    expect(apiCalls).toEqual(['POST /feeds/2021-06-30/documents', 'POST /feeds/2021-06-30/feeds']);
    const [document] = uploadedDocuments();
    expect(uploadedDocuments()).toHaveLength(1);
    expect(document?.messages).toHaveLength(skuCount);
    expect(document?.messages[41]).toEqual({
      messageId: 42,
      sku: skuName(41),
      operationType: 'PATCH',
      productType: 'PRODUCT',
      patches: [
        {
          op: 'replace',
          path: '/attributes/fulfillment_availability',
          value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 100 + (41 % 50) }],
        },
      ],
    });
    const createFeed = sandbox.spApiCalls().find((call) => call.path === '/feeds/2021-06-30/feeds');
    expect(createFeed?.json).toMatchObject({ feedType: 'JSON_LISTINGS_FEED', marketplaceIds: [marketplaces.us] });
    expect(submitted.results).toHaveLength(skuCount);
    for (const result of submitted.results) {
      expect(result.outcome === 'failed' && AmazonFeedInProgressError.isInstance(result.error)).toBe(true);
      if (result.outcome === 'failed') expect(result.error.retryable).toBe(true);
    }
    expect(sandbox.listingQuantity(marketplaces.us, skuName(0))).toBe(1);

    // The runner pushes the same items again after the error's wait; while Amazon still processes, nothing is
    // sent for them (no patch behind the feed), only the feed is polled.
    const firstResult = submitted.results[0];
    const feedId =
      firstResult?.outcome === 'failed' && AmazonFeedInProgressError.isInstance(firstResult.error)
        ? firstResult.error.feedId
        : undefined;
    expect(feedId).toBe([...sandbox.state.feeds.keys()][0]);
    sandbox.server.clearCalls();
    const early = await sandboxConnector(sandbox, mapping, {}, { feedLedger: ledger }).push.push({
      items: batch,
      idempotencyKey: 'ten-thousand',
    });
    expect(sandbox.spApiCalls().map((call) => `${call.method} ${call.path}`)).toEqual([
      `GET /feeds/2021-06-30/feeds/${feedId}`,
    ]);
    expect(outcomes(early.results)).toEqual({ failed: skuCount });

    sandbox.advanceClock(feedDoneAfterMs);
    sandbox.server.clearCalls();
    const settled = await sandboxConnector(sandbox, mapping, {}, { feedLedger: ledger }).push.push({
      items: batch,
      idempotencyKey: 'ten-thousand',
    });
    expect(sandbox.spApiCalls().map((call) => `${call.method} ${call.path.split('/').slice(0, 4).join('/')}`)).toEqual([
      'GET /feeds/2021-06-30/feeds',
      'GET /feeds/2021-06-30/documents',
    ]);
    expect(outcomes(settled.results)).toEqual({ written: skuCount });
    expect(settled.results[41]).toEqual({ key: `amazon/${skuName(41)}`, outcome: 'written', remoteQuantity: 141 });
    expect(sandbox.listingQuantity(marketplaces.us, skuName(41))).toBe(141);
    expect(sandbox.state.writes).toBe(skuCount);
  });

  it('turns three messages the processing report rejects into three per-SKU failures; the rest are written', async () => {
    const ledger = createMemoryFeedLedger();
    const batch = items(60, (index) => 7 + index);
    const rejected = [skuName(3), skuName(30), skuName(59)];
    for (const sku of rejected) sandbox.reject(sku, { code: '90220', message: "'[batteries_required]' is required" });

    await sandboxConnector(sandbox, mapping, {}, { feedLedger: ledger }).push.push({
      items: batch,
      idempotencyKey: 'sixty',
    });
    sandbox.advanceClock(feedDoneAfterMs);
    const report = sandbox.server.calls.find(
      (call) => call.method === 'GET' && call.headers.host?.includes('amazonaws'),
    );
    expect(report).toBeUndefined();
    const settled = await sandboxConnector(sandbox, mapping, {}, { feedLedger: ledger }).push.push({
      items: batch,
      idempotencyKey: 'sixty',
    });

    const failed = settled.results.filter((result) => result.outcome === 'failed');
    expect(failed.map((result) => result.key).sort()).toEqual(rejected.map((sku) => `amazon/${sku}`).sort());
    for (const result of failed) {
      expect(PermanentItemError.isInstance(result.outcome === 'failed' ? result.error : undefined)).toBe(true);
      if (result.outcome === 'failed') expect(result.error.message).toContain('90220');
    }
    expect(outcomes(settled.results)).toEqual({ written: 57, failed: 3 });
    const download = sandbox.server.calls.find(
      (call) => call.method === 'GET' && call.headers.host?.includes('amazonaws'),
    );
    expect(download?.status).toBe(200);
    expect(sandbox.listingQuantity(marketplaces.us, skuName(4))).toBe(11);
    expect(sandbox.listingQuantity(marketplaces.us, skuName(3))).toBe(1);
  });

  it('patches a SKU again only after its feed is reported, and sends nothing for values Amazon already shows', async () => {
    const ledger = createMemoryFeedLedger();
    await sandboxConnector(sandbox, mapping, {}, { feedLedger: ledger }).push.push({
      items: items(30, () => 5),
      idempotencyKey: 'thirty',
    });
    sandbox.server.clearCalls();
    // A newer value for a SKU still in the feed: it must wait behind the feed, not overtake it.
    const [first] = items(1, () => 9);
    const behind = await sandboxConnector(sandbox, mapping, {}, { feedLedger: ledger }).push.push({
      items: first === undefined ? [] : [first],
      idempotencyKey: 'behind',
    });
    expect(behind.results[0]?.outcome).toBe('failed');
    expect(sandbox.spApiCalls().filter((call) => call.method === 'PATCH')).toHaveLength(0);

    sandbox.advanceClock(feedDoneAfterMs);
    sandbox.server.clearCalls();
    const after = await sandboxConnector(sandbox, mapping, {}, { feedLedger: ledger }).push.push({
      items: [...items(1, () => 9), ...items(2, () => 5).slice(1)],
      idempotencyKey: 'after',
    });
    expect(after.results).toEqual([
      { key: `amazon/${skuName(1)}`, outcome: 'written', remoteQuantity: 5 },
      { key: `amazon/${skuName(0)}`, outcome: 'written', remoteQuantity: 9 },
    ]);
    const patches = sandbox.spApiCalls().filter((call) => call.method === 'PATCH');
    expect(patches.map((call) => call.path)).toEqual([`/listings/2021-08-01/items/${sandbox.sellerId}/${skuName(0)}`]);
  });
});

describe('the processing report document', () => {
  it('is served gzip-compressed, as Amazon serves it', async () => {
    await sandboxConnector(sandbox, mapping).push.push({ items: items(25, () => 3), idempotencyKey: 'gzip' });
    sandbox.advanceClock(feedDoneAfterMs);
    const feed = [...sandbox.state.feeds.values()][0];
    const document = sandbox.state.documents.get(feed?.resultFeedDocumentId ?? '');
    const report = JSON.parse(gunzipSync(Buffer.from(document?.content ?? '', 'base64')).toString('utf8'));
    expect(report.summary).toMatchObject({ messagesProcessed: 25, messagesAccepted: 25, messagesInvalid: 0 });
  });
});
