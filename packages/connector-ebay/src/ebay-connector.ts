import { createMemoryConnectorState, readSecret } from '@stockwire/connector-kit';
import type {
  ConnectorCapabilityDescriptionV2,
  ConnectorContextV2,
  ConnectorDefinitionV2,
  ConnectorV2,
  ConnectorWithV2,
} from '@stockwire/connector-spec';
import { createEbayCheck } from './ebay-check.ts';
import { createEbayClient } from './ebay-client.ts';
import { readEbaySnapshot } from './ebay-inventory-read.ts';
import { answerEbayChallenge } from './ebay-notification-signature.ts';
import {
  createPublicKeyCache,
  type EbayNotificationContext,
  ebayNotificationTopics,
  parseEbayNotification,
  verifyEbayNotification,
} from './ebay-notifications.ts';
import { createListingDirectory } from './ebay-offers.ts';
import { type EbayOrdersCursor, EbayOrdersCursorSchema, pullEbayOrders } from './ebay-orders.ts';
import { ebayMaxPushBatch, pushEbayQuantities } from './ebay-push.ts';
import { ebayRateLimits } from './ebay-rate-limits.ts';
import { createRevisionBudget, type EbayRevisionBudgetReport } from './ebay-revision-budget.ts';
import {
  type EbayConnectorSettings,
  type EbayConnectorSettingsInput,
  EbayConnectorSettingsSchema,
  ebayConfigurationError,
  ebayConnectorKind,
  parseEbaySettings,
} from './ebay-settings.ts';

/**
 * What the eBay connector can do, as data. No compare-and-set (bulk_update_price_quantity has no condition), and
 * no listing statuses beyond the quantity: a listing out of stock shows 0 ("out of stock control" keeps it alive).
 */
export const ebayConnectorCapabilities = {
  snapshot: { mode: 'paged' },
  push: { maxBatchSize: ebayMaxPushBatch, absolute: true, compareAndSet: false, listingStatuses: [] },
  orders: { suggestedIntervalSeconds: 300 },
  webhooks: { topics: ebayNotificationTopics },
  check: { checks: ['credentials', 'locations'] },
} as const satisfies ConnectorCapabilityDescriptionV2;

export interface EbayConnectorOptions {
  /** The connector's clock (revision days, key cache, first poll's look-back). Default the system clock. */
  readonly now?: (() => Date) | undefined;
}

export type EbayConnector = ConnectorWithV2<
  'snapshot' | 'push' | 'orders' | 'webhooks',
  ConnectorV2<never, EbayOrdersCursor>
> & {
  /** Today's revisions per listing against eBay's daily cap: what the dashboard shows for this connection. */
  readonly revisionBudget: { report(): Promise<EbayRevisionBudgetReport> };
  /**
   * The body to answer eBay's endpoint check with (`GET ?challenge_code=`), for the runner to route; needs the
   * `verificationToken` and `notificationEndpoint` settings.
   */
  answerChallenge(challengeCode: string): { challengeResponse: string };
};

/**
 * The eBay connector for one seller: quantities through the Sell Inventory API within the listings' daily revision
 * budget, snapshots of inventory items and their offers, orders from signed Notification API events and a
 * Fulfillment poll. Nothing is called (and no secret read) until the first capability call.
 */
export function createEbayConnector(
  input: EbayConnectorSettingsInput,
  context: ConnectorContextV2,
  options: EbayConnectorOptions = {},
): EbayConnector {
  const connection = context.mapping.connection;
  const settings: EbayConnectorSettings = parseEbaySettings(input, connection);
  const environment = context.environment ?? process.env;
  const now = options.now ?? (() => new Date());
  // Without a runner's store the counts live as long as the instance; under a runner they are shared and durable.
  const state = context.state ?? createMemoryConnectorState();
  const client = createEbayClient({
    settings,
    connection,
    environment,
    limiter: context.sharedLimiter?.(ebayRateLimits),
    now: () => now().getTime(),
  });
  const listings = createListingDirectory(client, state);
  const budget = createRevisionBudget({
    state,
    limit: settings.revisionsPerListingPerDay,
    coalesceAfter: settings.coalesceAfterRevisions,
    reservedForSellOut: settings.revisionsReservedForSellOut,
    timeZone: settings.revisionDayTimeZone,
    now,
  });
  const notifications: EbayNotificationContext = {
    client,
    mapping: context.mapping,
    connection,
    state,
    publicKeyCacheMs: settings.publicKeyCacheSeconds * 1_000,
    now: () => now().getTime(),
  };
  const publicKey = createPublicKeyCache(notifications);
  const shared = { client, mapping: context.mapping, connection, listings };

  return {
    specificationVersion: 'v2',
    connector: ebayConnectorKind,
    connection,
    rateLimits: ebayRateLimits,
    snapshot: {
      ...ebayConnectorCapabilities.snapshot,
      read: (request) =>
        readEbaySnapshot(
          { ...shared, pageSize: settings.pageSize, now, shipToHomeLocation: settings.shipToHomeLocation },
          request,
        ),
    },
    push: {
      ...ebayConnectorCapabilities.push,
      listingStatuses: [],
      push: (request) =>
        pushEbayQuantities(
          {
            ...shared,
            budget,
            timeZone: settings.revisionDayTimeZone,
            now,
            shipToHomeLocation: settings.shipToHomeLocation,
          },
          request,
        ),
    },
    orders: {
      suggestedIntervalSeconds: settings.ordersPollIntervalSeconds,
      cursorSchema: EbayOrdersCursorSchema,
      pull: (request) => pullEbayOrders({ client, settings, mapping: context.mapping, connection, now }, request),
    },
    webhooks: {
      topics: ebayNotificationTopics,
      verify: (webhook) => verifyEbayNotification(webhook, notifications, publicKey),
      parse: (webhook) => parseEbayNotification(webhook, notifications),
    },
    check: createEbayCheck(client, settings.requestTimeoutMs),
    revisionBudget: { report: () => budget.report() },
    answerChallenge(challengeCode) {
      const { verificationToken, notificationEndpoint } = settings;
      if (verificationToken === undefined || notificationEndpoint === undefined) {
        throw ebayConfigurationError(
          connection,
          'answering eBay’s endpoint challenge needs the verificationToken and notificationEndpoint settings',
        );
      }
      return answerEbayChallenge({
        challengeCode,
        verificationToken: readSecret(verificationToken, 'verificationToken', environment, (problem) =>
          ebayConfigurationError(connection, problem),
        ),
        endpoint: notificationEndpoint,
      });
    },
  };
}

export const ebayConnector = {
  specificationVersion: 'v2',
  connector: ebayConnectorKind,
  settingsSchema: EbayConnectorSettingsSchema,
  create: (settings, context) => createEbayConnector(settings, context),
} satisfies ConnectorDefinitionV2<EbayConnectorSettings, never, EbayOrdersCursor>;
