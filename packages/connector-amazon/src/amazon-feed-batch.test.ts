import type { PushItemResultV2, PushItemV2 } from '@stockwire/connector-spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const connection = 'amazon-feed-batch';
const feedMessages = 25_000;
const skuCount = 2 * feedMessages;
const configuration = manySkuConfiguration(connection, skuCount);
const mapping = mappingOf(configuration, connection);
let sandbox: AmazonSandbox;

const items = (from: number, to: number): PushItemV2[] =>
  Array.from({ length: to - from }, (_, offset) => ({
    key: `amazon/${skuName(from + offset)}`,
    channel: 'amazon',
    sku: skuName(from + offset),
    location: 'amazon-us',
    quantity: 1 + ((from + offset) % 50),
    status: 'in-stock',
  }));

const waitsOnFeed = (result: PushItemResultV2) =>
  result.outcome === 'failed' && AmazonFeedInProgressError.isInstance(result.error);

const feedSizes = () =>
  [...sandbox.state.feeds.values()].map(
    (feed) =>
      (JSON.parse(sandbox.state.documents.get(feed.inputFeedDocumentId)?.content ?? '{}') as { messages: unknown[] })
        .messages.length,
  );

beforeAll(async () => {
  // Amazon's processing time is not what this measures: a feed is DONE the first time it is polled.
  sandbox = await createAmazonSandbox({ feedQueueMs: 0, feedProcessingMs: 0 });
  for (let index = 0; index < skuCount; index++) sandbox.setListing(marketplaces.us, skuName(index), 0);
});
afterAll(async () => await sandbox.close());

describe('the push batch holds a reported feed beside a full feed of new changes', () => {
  it('takes 50,000 items: a feed of 25,000 waiting on its report and 25,000 new changes cost one more feed', async () => {
    const ledger = createMemoryFeedLedger();
    const connector = sandboxConnector(sandbox, mapping, {}, { feedLedger: ledger });
    // The runner plans up to maxBatchSize and lets a batch short of it fill (push.fill): a batch of one feed would
    // be "full" with the first feed's SKUs alone, which stay dirty until its report is read.
    expect(connector.push.maxBatchSize).toBe(skuCount);
    expect(connector.push.fill).toEqual({ fromItems: 21, windowMs: 15_000 });

    const first = await connector.push.push({ items: items(0, feedMessages), idempotencyKey: 'first' });
    expect(feedSizes()).toEqual([feedMessages]);
    expect(first.results.every(waitsOnFeed)).toBe(true);

    const second = await connector.push.push({ items: items(0, skuCount), idempotencyKey: 'second' });

    expect(feedSizes()).toEqual([feedMessages, feedMessages]);
    const [, secondFeed] = [...sandbox.state.feeds.values()];
    const secondDocument = JSON.parse(
      sandbox.state.documents.get(secondFeed?.inputFeedDocumentId ?? '')?.content ?? '{}',
    ) as { messages: { sku: string }[] };
    expect(secondDocument.messages[0]?.sku).toBe(skuName(feedMessages));
    expect(secondDocument.messages.at(-1)?.sku).toBe(skuName(skuCount - 1));
    const written = second.results.filter((result) => result.outcome === 'written');
    const waiting = second.results.filter(waitsOnFeed);
    expect(written).toHaveLength(feedMessages);
    expect(written[0]).toEqual({ key: `amazon/${skuName(0)}`, outcome: 'written', remoteQuantity: 1 });
    expect(waiting).toHaveLength(feedMessages);
    expect(sandbox.listingQuantity(marketplaces.us, skuName(49))).toBe(50);
  });
});
