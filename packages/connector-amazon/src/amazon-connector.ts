import type {
  ConnectorCapabilityDescriptionV2,
  ConnectorContextV2,
  ConnectorDefinitionV2,
  ConnectorV2,
  ConnectorWithV2,
  RateLimiterV2,
} from '@stockwire/connector-spec';
import { createAmazonCheck } from './amazon-check.ts';
import { createAmazonClient } from './amazon-client.ts';
import { readFbaInventory } from './amazon-fba-inventory.ts';
import { type AmazonFeedLedger, createMemoryFeedLedger, createStoredFeedLedger } from './amazon-feed-ledger.ts';
import {
  type AmazonNotificationsCursor,
  AmazonNotificationsCursorSchema,
  createAmazonNotificationQueue,
} from './amazon-notification-queue.ts';
import { type AmazonOrdersCursor, AmazonOrdersCursorSchema, pullAmazonOrders } from './amazon-orders.ts';
import { pushAmazonQuantities } from './amazon-push.ts';
import { amazonMaxPushItems, amazonRateLimits } from './amazon-rate-limits.ts';
import {
  type AmazonConnectorSettings,
  type AmazonConnectorSettingsInput,
  AmazonConnectorSettingsSchema,
  parseAmazonSettings,
} from './amazon-settings.ts';
import { amazonListingStatuses } from './map-amazon-listing-status.ts';

export const amazonConnectorKind = 'amazon';

/**
 * What the Amazon connector can do, as data. A push may carry two feeds' worth of SKUs (amazonMaxPushItems); there is no
 * compare-and-set (SP-API has no conditional quantity write).
 */
export const amazonConnectorCapabilities = {
  snapshot: { mode: 'paged' },
  // Each status is expressed in the offer's fulfillment_availability: see map-amazon-listing-status.ts.
  push: {
    maxBatchSize: amazonMaxPushItems,
    absolute: true,
    compareAndSet: false,
    listingStatuses: amazonListingStatuses,
  },
  // searchOrders restores one request every 180 s (0.0056/s) after a burst of 20.
  orders: { suggestedIntervalSeconds: 180 },
} as const satisfies ConnectorCapabilityDescriptionV2;

/** What the runner (or a test) hands the connector besides settings: nothing here is a setting a human edits. */
export interface AmazonConnectorOptions {
  /** The kit's shared limiter for this seller; without it only Amazon's own 429s pace the connector. */
  readonly limiter?: RateLimiterV2 | undefined;
  /** Where submitted feeds are remembered until reported; share one per connection (default: this instance only). */
  readonly feedLedger?: AmazonFeedLedger | undefined;
  /** The clock of the first orders poll's look-back (tests pin it). */
  readonly now?: (() => Date) | undefined;
}

export type AmazonConnector = ConnectorWithV2<
  'snapshot' | 'push' | 'orders',
  ConnectorV2<AmazonNotificationsCursor, AmazonOrdersCursor>
> & { readonly check: NonNullable<ConnectorV2['check']> };

/**
 * The Amazon connector for one seller: pushes FBM quantities by listings patches or JSON_LISTINGS_FEED, reads FBA
 * stock and merchant-fulfilled orders. Nothing is called (and no secret read) until the first capability call.
 */
export function createAmazonConnector(
  settings: AmazonConnectorSettingsInput,
  context: ConnectorContextV2,
  options: AmazonConnectorOptions = {},
): AmazonConnector {
  const connection = context.mapping.connection;
  const valid: AmazonConnectorSettings = parseAmazonSettings(settings, connection);
  const client = createAmazonClient({
    settings: valid,
    connection,
    environment: context.environment ?? process.env,
    limiter: options.limiter,
  });
  const shared = {
    client,
    settings: valid,
    connection,
    mapping: context.mapping,
    ledger: options.feedLedger ?? createMemoryFeedLedger(),
  };
  const sqsQueueUrl = valid.sqsQueueUrl;
  const notifications =
    sqsQueueUrl === undefined
      ? undefined
      : createAmazonNotificationQueue({
          settings: { ...valid, sqsQueueUrl },
          mapping: context.mapping,
          environment: context.environment ?? process.env,
        });
  return {
    specificationVersion: 'v2',
    connector: amazonConnectorKind,
    connection,
    rateLimits: amazonRateLimits,
    snapshot: { ...amazonConnectorCapabilities.snapshot, read: (request) => readFbaInventory(shared, request) },
    push: {
      ...amazonConnectorCapabilities.push,
      // More changes than feedThreshold go as one feed, which costs one call of a few an hour whatever it carries.
      ...(valid.feedFillWindowMs > 0 && {
        fill: { fromItems: valid.feedThreshold + 1, windowMs: valid.feedFillWindowMs },
      }),
      push: (request) => pushAmazonQuantities(shared, request),
    },
    orders: {
      ...amazonConnectorCapabilities.orders,
      cursorSchema: AmazonOrdersCursorSchema,
      pull: (request) => pullAmazonOrders({ ...shared, now: options.now ?? (() => new Date()) }, request),
    },
    // SP-API notifications through SQS: each pull long-polls the queue, so this stream is polled continuously.
    ...(notifications === undefined
      ? {}
      : {
          changes: {
            suggestedIntervalSeconds: 1,
            cursorSchema: AmazonNotificationsCursorSchema,
            pull: (request) => notifications.pull(request),
          },
        }),
    check: createAmazonCheck(client, valid),
    async close() {
      notifications?.close();
      client.close();
    },
  };
}

export const amazonConnectorDefinition = {
  specificationVersion: 'v2',
  connector: amazonConnectorKind,
  settingsSchema: AmazonConnectorSettingsSchema,
  // Under a runner, the connection's shared limiter and durable state (for the in-flight feed ledger) come with
  // the context, so every process of the seller shares one budget and one ledger.
  create: (settings, context) =>
    createAmazonConnector(settings, context, {
      limiter: context.sharedLimiter?.(amazonRateLimits),
      feedLedger: context.state === undefined ? undefined : createStoredFeedLedger(context.state),
    }),
} satisfies ConnectorDefinitionV2<AmazonConnectorSettings, AmazonNotificationsCursor, AmazonOrdersCursor>;
