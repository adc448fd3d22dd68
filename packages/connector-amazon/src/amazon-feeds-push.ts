import type { PushItemResultV2 } from '@stockwire/connector-spec';
import { PermanentItemError, TransientError } from '@stockwire/connector-spec';
import { z } from 'zod';
import { AmazonFeedInProgressError } from './amazon-errors.ts';
import type { FeedLedgerFeed } from './amazon-feed-ledger.ts';
import type { AmazonPushContext, AmazonPushEntry } from './amazon-push-context.ts';
import { FeedProcessingReport, feedOutcomes } from './map-amazon-feed-report.ts';
import { quantityFeedMessage } from './map-amazon-listings.ts';
import { readAmazonAnswer } from './read-amazon-answer.ts';

const feedType = 'JSON_LISTINGS_FEED';
const feedContentType = 'application/json; charset=UTF-8';

const CreateFeedDocumentAnswer = z.object({ feedDocumentId: z.string(), url: z.string() });
const CreateFeedAnswer = z.object({ feedId: z.string() });
const FeedAnswer = z.object({ processingStatus: z.string(), resultFeedDocumentId: z.string().nullish() });
const FeedDocumentAnswer = z.object({ url: z.string(), compressionAlgorithm: z.string().nullish() });

/** The JSON_LISTINGS_FEED document for these entries (listings-feed-schema-v2). */
export function quantityFeedDocument(context: AmazonPushContext, entries: readonly AmazonPushEntry[]) {
  return {
    header: { sellerId: context.settings.sellerId, version: '2.0', issueLocale: 'en_US' },
    messages: entries.map((entry, index) =>
      quantityFeedMessage(index + 1, entry.sku, context.settings.productType, entry),
    ),
  };
}

/**
 * Submits the entries of one marketplace as one JSON_LISTINGS_FEED: createFeedDocument, upload to the presigned
 * URL, createFeed. Returns at once; every entry is reported `failed` with the retryable AmazonFeedInProgressError,
 * and its next push reads the feed's result (see settleFeedEntries).
 * https://developer-docs.amazon.com/sp-api/docs/feeds-api-v2021-06-30-use-case-guide
 */
export async function submitQuantityFeed(
  context: AmazonPushContext,
  marketplaceId: string,
  entries: readonly AmazonPushEntry[],
): Promise<PushItemResultV2[]> {
  const { client } = context;
  const document = readAmazonAnswer(
    CreateFeedDocumentAnswer,
    await client.call({
      operation: 'createFeedDocument',
      endpoint: 'feeds',
      body: { contentType: feedContentType },
      target: 'createFeedDocument',
    }),
    'the createFeedDocument answer',
    context.connection,
  );
  const content = quantityFeedDocument(context, entries);
  await client.uploadDocument(document.url, JSON.stringify(content), feedContentType);
  const { feedId } = readAmazonAnswer(
    CreateFeedAnswer,
    await client.call({
      operation: 'createFeed',
      endpoint: 'feeds',
      body: { feedType, marketplaceIds: [marketplaceId], inputFeedDocumentId: document.feedDocumentId },
      target: `createFeed of ${entries.length} quantities`,
    }),
    'the createFeed answer',
    context.connection,
  );
  await context.ledger.record({
    feedId,
    marketplaceId,
    messages: content.messages.map((message, index) => ({
      messageId: message.messageId,
      sku: message.sku,
      quantity: entries[index]?.quantity ?? 0,
    })),
  });
  return entries.map((entry) => inProgress(context, entry, feedId, 'IN_QUEUE'));
}

/**
 * Polls a feed once (getFeed) and, when Amazon is done, reads its processing report into the ledger. Never waits:
 * a feed still IN_QUEUE or IN_PROGRESS is returned as it is.
 */
export async function pollFeed(context: AmazonPushContext, feed: FeedLedgerFeed): Promise<FeedLedgerFeed | string> {
  if (feed.outcomes !== undefined || feed.abandoned !== undefined) return feed;
  const { client } = context;
  const answer = readAmazonAnswer(
    FeedAnswer,
    await client.call({
      operation: 'getFeed',
      endpoint: 'feeds',
      path: { feedId: feed.feedId },
      target: `getFeed ${feed.feedId}`,
    }),
    `the getFeed answer for feed ${feed.feedId}`,
    context.connection,
  );
  if (answer.processingStatus === 'IN_QUEUE' || answer.processingStatus === 'IN_PROGRESS')
    return answer.processingStatus;
  if (answer.processingStatus !== 'DONE' || answer.resultFeedDocumentId == null) {
    const settled = { ...feed, abandoned: answer.processingStatus };
    await context.ledger.update(settled);
    return settled;
  }
  const location = readAmazonAnswer(
    FeedDocumentAnswer,
    await client.call({
      operation: 'getFeedDocument',
      endpoint: 'feeds',
      path: { feedDocumentId: answer.resultFeedDocumentId },
      target: `getFeedDocument ${answer.resultFeedDocumentId}`,
    }),
    'the getFeedDocument answer',
    context.connection,
  );
  const text = await client.downloadDocument(location.url, location.compressionAlgorithm ?? undefined);
  const report = readAmazonAnswer(
    FeedProcessingReport,
    parseReport(text),
    `the processing report of feed ${feed.feedId}`,
    context.connection,
  );
  const settled = { ...feed, outcomes: feedOutcomes(report, feed.messages) };
  await context.ledger.update(settled);
  return settled;
}

/** The result of one entry whose quantity was in this feed, once the feed is settled. */
export function feedEntryResult(
  context: AmazonPushContext,
  entry: AmazonPushEntry,
  feed: FeedLedgerFeed,
): PushItemResultV2 {
  if (feed.abandoned !== undefined) {
    return {
      key: entry.key,
      outcome: 'failed',
      error: new TransientError({
        connection: context.connection,
        target: `JSON_LISTINGS_FEED ${feed.feedId} for SKU "${entry.sku}"`,
        reason: `Amazon ended the feed ${feed.abandoned}; some, none or all of its messages may have applied`,
      }),
    };
  }
  const outcome = feed.outcomes?.[entry.sku];
  if (outcome?.accepted === true) return { key: entry.key, outcome: 'written', remoteQuantity: entry.quantity };
  const reason = (outcome?.issues ?? []).map((issue) => `${issue.code}: ${issue.message}`).join('; ');
  return {
    key: entry.key,
    outcome: 'failed',
    error: new PermanentItemError({
      connection: context.connection,
      item: entry.sku,
      reason: `JSON_LISTINGS_FEED ${feed.feedId} rejected it (${reason || 'no result in the processing report'})`,
    }),
  };
}

export function inProgress(
  context: AmazonPushContext,
  entry: AmazonPushEntry,
  feedId: string,
  status: string,
): PushItemResultV2 {
  return {
    key: entry.key,
    outcome: 'failed',
    error: new AmazonFeedInProgressError({
      connection: context.connection,
      feedId,
      sku: entry.sku,
      status,
      retryAfterMs: context.settings.feedPollSeconds * 1000,
    }),
  };
}

function parseReport(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
