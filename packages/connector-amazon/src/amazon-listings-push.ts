import {
  ConnectorError,
  MalformedPayloadError,
  PermanentItemError,
  type PushItemResultV2,
  RateLimitedError,
  RequestRejectedError,
} from '@stockwire/connector-spec';
import { amazonItemError } from './amazon-errors.ts';
import type { AmazonPushContext, AmazonPushEntry } from './amazon-push-context.ts';
import { amazonSearchIdentifiersLimit } from './amazon-rate-limits.ts';
import {
  ListingsSubmissionAnswer,
  merchantQuantities,
  quantityPatchRequest,
  SearchListingsItemsAnswer,
} from './map-amazon-listings.ts';
import { readAmazonAnswer } from './read-amazon-answer.ts';

/**
 * The FBM quantity Amazon shows now for these SKUs of one marketplace: searchListingsItems by SKU, 20 per call
 * (includedData=fulfillmentAvailability). A SKU Amazon does not list is absent.
 */
export async function readMerchantQuantities(
  context: AmazonPushContext,
  marketplaceId: string,
  skus: readonly string[],
): Promise<Map<string, number>> {
  const quantities = new Map<string, number>();
  for (let start = 0; start < skus.length; start += amazonSearchIdentifiersLimit) {
    const identifiers = skus.slice(start, start + amazonSearchIdentifiersLimit);
    const answer = await context.client.call({
      operation: 'searchListingsItems',
      endpoint: 'listingsItems',
      path: { sellerId: context.settings.sellerId },
      query: {
        marketplaceIds: [marketplaceId],
        identifiers,
        identifiersType: 'SKU',
        includedData: ['fulfillmentAvailability'],
        pageSize: amazonSearchIdentifiersLimit,
      },
      target: `searchListingsItems in ${marketplaceId}`,
    });
    const read = readAmazonAnswer(
      SearchListingsItemsAnswer,
      answer,
      'the searchListingsItems answer',
      context.connection,
    );
    for (const [sku, quantity] of merchantQuantities(read)) quantities.set(sku, quantity);
  }
  return quantities;
}

/**
 * One patchListingsItem per entry, replacing only `fulfillment_availability`. A refused submission fails its item
 * alone; once Amazon (or the shared limiter) says "slow down", the remaining entries are not sent and fail with
 * the same retryable RateLimitedError, so the runner pushes them again after the wait. Never sleeps.
 */
export async function patchMerchantQuantities(
  context: AmazonPushContext,
  entries: readonly AmazonPushEntry[],
): Promise<PushItemResultV2[]> {
  const results: PushItemResultV2[] = [];
  let slowDown: RateLimitedError | undefined;
  for (const entry of entries) {
    if (slowDown !== undefined) {
      results.push({ key: entry.key, outcome: 'failed', error: slowDown });
      continue;
    }
    try {
      const answer = await context.client.call({
        operation: 'patchListingsItem',
        endpoint: 'listingsItems',
        path: { sellerId: context.settings.sellerId, sku: entry.sku },
        query: { marketplaceIds: [entry.marketplaceId] },
        body: quantityPatchRequest(context.settings.productType, entry),
        target: `patchListingsItem of SKU "${entry.sku}" in ${entry.marketplaceId}`,
      });
      const submission = readAmazonAnswer(
        ListingsSubmissionAnswer,
        answer,
        `the patchListingsItem answer for SKU "${entry.sku}"`,
        context.connection,
      );
      if (submission.status === 'ACCEPTED') {
        results.push({ key: entry.key, outcome: 'written', remoteQuantity: entry.quantity });
      } else {
        results.push({
          key: entry.key,
          outcome: 'failed',
          error: amazonItemError(entry.sku, context.connection, submission.issues ?? []),
        });
      }
    } catch (error) {
      results.push({ key: entry.key, outcome: 'failed', error: itemFailure(error, entry, context.connection) });
      if (RateLimitedError.isInstance(error)) slowDown = error;
    }
  }
  return results;
}

/**
 * What a failed patch means for its item. A request Amazon refused (4xx) or answered unreadably concerns this SKU
 * only; slow-downs and dropped connections are retryable for it. Anything else (credentials, settings) would fail
 * every item alike, so it fails the call instead.
 */
function itemFailure(error: unknown, entry: AmazonPushEntry, connection: string): ConnectorError {
  if (!ConnectorError.isInstance(error)) throw error;
  if (RequestRejectedError.isInstance(error)) {
    return new PermanentItemError({
      connection,
      item: entry.sku,
      reason: error.message,
      vendorStatus: error.vendorStatus,
      cause: error,
    });
  }
  if (error.retryable || MalformedPayloadError.isInstance(error)) return error;
  throw error;
}
