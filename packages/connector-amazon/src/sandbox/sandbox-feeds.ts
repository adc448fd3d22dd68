import type { SandboxRouter } from '@stockwire/connector-kit/sandbox';
import { amazonError, type SandboxContext, underLimit } from './sandbox-context.ts';
import { advanceFeed } from './sandbox-feed-processing.ts';
import type { SandboxFeed } from './sandbox-state.ts';

/** The host of Amazon's presigned feed document URLs; the connector's `endpoint` setting sends it to the sandbox too. */
export const documentHost = 'tortuga-prod-na.s3-external-1.amazonaws.com';

const documentUrl = (feedDocumentId: string) =>
  `https://${documentHost}/${feedDocumentId}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=300`;

/** Feeds API 2021-06-30: documents, feeds and their processing along the sandbox clock. */
export function addFeedsRoutes(router: SandboxRouter, context: SandboxContext): void {
  const { state } = context;
  router.on('POST', '/feeds/2021-06-30/documents', (request) =>
    underLimit(context, 'createFeedDocument', () => {
      const contentType = (request.json as { contentType?: unknown } | undefined)?.contentType;
      if (typeof contentType !== 'string') return amazonError(400, 'InvalidInput', 'contentType is required');
      const feedDocumentId = `amzn1.tortuga.4.na.${state.nextIdentifier++}`;
      state.documents.set(feedDocumentId, { feedDocumentId, contentType, content: undefined, compressed: false });
      return { status: 201, body: { feedDocumentId, url: documentUrl(feedDocumentId) } };
    }),
  );

  router.on('POST', '/feeds/2021-06-30/feeds', (request) =>
    underLimit(context, 'createFeed', () => {
      const body = (request.json ?? {}) as Partial<Record<'feedType' | 'inputFeedDocumentId', unknown>> & {
        marketplaceIds?: unknown;
      };
      const document =
        typeof body.inputFeedDocumentId === 'string' ? state.documents.get(body.inputFeedDocumentId) : undefined;
      if (typeof body.feedType !== 'string' || !Array.isArray(body.marketplaceIds) || document === undefined) {
        return amazonError(400, 'InvalidInput', 'feedType, marketplaceIds and an uploaded inputFeedDocumentId needed');
      }
      if (document.content === undefined) {
        return amazonError(400, 'InvalidInput', `feed document ${document.feedDocumentId} was never uploaded`);
      }
      const feed: SandboxFeed = {
        feedId: `${state.nextIdentifier++}`,
        feedType: body.feedType,
        marketplaceIds: body.marketplaceIds as string[],
        inputFeedDocumentId: document.feedDocumentId,
        createdAt: context.clock.now(),
        processingStatus: 'IN_QUEUE',
      };
      state.feeds.set(feed.feedId, feed);
      return { status: 202, body: { feedId: feed.feedId } };
    }),
  );

  router.on('GET', '/feeds/2021-06-30/feeds/:feedId', (_request, parameters) =>
    underLimit(context, 'getFeed', () => {
      const feed = state.feeds.get(parameters.feedId ?? '');
      if (feed === undefined) return amazonError(404, 'NotFound', `feed ${parameters.feedId} does not exist`);
      advanceFeed(context, feed);
      return { body: describeFeed(feed) };
    }),
  );

  router.on('GET', '/feeds/2021-06-30/documents/:feedDocumentId', (_request, parameters) =>
    underLimit(context, 'getFeedDocument', () => {
      const document = state.documents.get(parameters.feedDocumentId ?? '');
      if (document === undefined) return amazonError(404, 'NotFound', 'no such feed document');
      return {
        body: {
          feedDocumentId: document.feedDocumentId,
          url: documentUrl(document.feedDocumentId),
          ...(document.compressed ? { compressionAlgorithm: 'GZIP' } : {}),
        },
      };
    }),
  );
}

/** Presigned S3 URLs: PUT uploads the feed document, GET downloads a result document. */
export function addDocumentRoutes(router: SandboxRouter, context: SandboxContext): void {
  router.on('PUT', '/:feedDocumentId', (request, parameters) => {
    const document = context.state.documents.get(parameters.feedDocumentId ?? '');
    if (document === undefined) return { status: 403, body: '<Error><Code>AccessDenied</Code></Error>' };
    document.content = request.bodyText;
    return { status: 200 };
  });
  router.on('GET', '/:feedDocumentId', (_request, parameters) => {
    const document = context.state.documents.get(parameters.feedDocumentId ?? '');
    if (document?.content === undefined) return { status: 404, body: '<Error><Code>NoSuchKey</Code></Error>' };
    if (!document.compressed) return { headers: { 'content-type': document.contentType }, body: document.content };
    return {
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(Buffer.from(document.content, 'base64')),
    };
  });
}

function describeFeed(feed: SandboxFeed) {
  const iso = (time: number | undefined) => (time === undefined ? undefined : new Date(time).toISOString());
  return {
    feedId: feed.feedId,
    feedType: feed.feedType,
    marketplaceIds: feed.marketplaceIds,
    createdTime: iso(feed.createdAt),
    processingStatus: feed.processingStatus,
    processingStartTime: iso(feed.processingStartTime),
    processingEndTime: iso(feed.processingEndTime),
    resultFeedDocumentId: feed.resultFeedDocumentId,
  };
}
