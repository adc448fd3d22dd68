import { gzipSync } from 'node:zlib';
import type { SandboxContext } from './sandbox-context.ts';
import { applyAvailability, fulfillmentAvailability } from './sandbox-listings.ts';
import { listingKey, type SandboxFeed } from './sandbox-state.ts';

interface ReportIssue {
  messageId: number;
  sku: string;
  code: string;
  severity: 'ERROR';
  message: string;
}

/**
 * Moves a feed along the sandbox clock as Amazon does: IN_QUEUE, then IN_PROGRESS, then DONE with a processing
 * report (listings-feed-processing-report-schema-v2) that names every rejected message by messageId and SKU.
 * The messages are applied when the feed becomes DONE, never earlier.
 */
export function advanceFeed(context: SandboxContext, feed: SandboxFeed): void {
  const elapsed = context.clock.now() - feed.createdAt;
  if (feed.processingStatus === 'IN_QUEUE' && elapsed >= context.feedQueueMs) {
    feed.processingStatus = 'IN_PROGRESS';
    feed.processingStartTime = feed.createdAt + context.feedQueueMs;
  }
  if (feed.processingStatus === 'IN_PROGRESS' && elapsed >= context.feedQueueMs + context.feedProcessingMs) {
    processFeed(context, feed);
  }
}

function processFeed(context: SandboxContext, feed: SandboxFeed): void {
  const input = context.state.documents.get(feed.inputFeedDocumentId);
  let document: { messages?: unknown } | undefined;
  try {
    document = JSON.parse(input?.content ?? '') as { messages?: unknown };
  } catch {
    document = undefined;
  }
  const messages = Array.isArray(document?.messages) ? (document.messages as Record<string, unknown>[]) : undefined;
  const issues: ReportIssue[] = [];
  let accepted = 0;
  if (messages !== undefined) {
    for (const message of messages) {
      const issue = applyMessage(context, feed, message);
      if (issue === undefined) accepted++;
      else issues.push(issue);
    }
  }
  const resultFeedDocumentId = `${context.state.nextIdentifier++}`;
  const report = {
    header: { sellerId: context.sellerId, version: '2.0', feedId: feed.feedId },
    issues,
    summary: {
      errors: issues.length,
      warnings: 0,
      messagesProcessed: messages?.length ?? 0,
      messagesAccepted: accepted,
      messagesInvalid: issues.length,
    },
  };
  context.state.documents.set(resultFeedDocumentId, {
    feedDocumentId: resultFeedDocumentId,
    contentType: 'application/json',
    content: gzipSync(JSON.stringify(report)).toString('base64'),
    compressed: true,
  });
  feed.processingStatus = messages === undefined ? 'FATAL' : 'DONE';
  feed.processingEndTime = feed.createdAt + context.feedQueueMs + context.feedProcessingMs;
  feed.resultFeedDocumentId = resultFeedDocumentId;
}

function applyMessage(
  context: SandboxContext,
  feed: SandboxFeed,
  message: Record<string, unknown>,
): ReportIssue | undefined {
  const messageId = typeof message.messageId === 'number' ? message.messageId : 0;
  const sku = typeof message.sku === 'string' ? message.sku : '';
  const availability = fulfillmentAvailability(message);
  const rejection = context.state.rejections.get(sku);
  const listings = feed.marketplaceIds.map((id) => context.state.listings.get(listingKey(id, sku)));
  if (message.operationType !== 'PATCH' || availability === undefined) {
    return { messageId, sku, code: '4000003', severity: 'ERROR', message: 'Only PATCH of quantities is simulated' };
  }
  if (rejection !== undefined) return { messageId, sku, severity: 'ERROR', ...rejection };
  if (listings.some((listing) => listing === undefined)) {
    return { messageId, sku, code: '4000001', severity: 'ERROR', message: `SKU ${sku} has no offer` };
  }
  for (const listing of listings) if (listing !== undefined) applyAvailability(listing, availability);
  context.state.writes++;
  return undefined;
}
