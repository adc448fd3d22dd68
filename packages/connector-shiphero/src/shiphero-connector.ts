import type { ConnectorContextV2, ConnectorDefinitionV2, ConnectorV2 } from '@stockwire/connector-spec';
import { pullShipHeroChanges, type ShipHeroChangesCursor, ShipHeroChangesCursorSchema } from './shiphero-changes.ts';
import { createShipHeroCheck } from './shiphero-check.ts';
import { createShipHeroGraphql } from './shiphero-graphql.ts';
import { pushShipHeroInventory, shipHeroMaxPushBatchSize } from './shiphero-inventory-push.ts';
import { type PageContext, readWarehouseProducts } from './shiphero-inventory-read.ts';
import { shipHeroWebhookTypes } from './shiphero-payloads.ts';
import { shipHeroRateLimits } from './shiphero-rate-limits.ts';
import {
  parseShipHeroSettings,
  readShipHeroSecret,
  type ShipHeroConnectorSettings,
  ShipHeroConnectorSettingsSchema,
  shipHeroConnectorKind,
} from './shiphero-settings.ts';
import { parseShipHeroWebhook, verifyShipHeroWebhook, type WebhookContext } from './shiphero-webhooks.ts';

export interface ShipHeroConnectorOptions {
  /** The connector's clock (the first poll's look-back, answer times). Default the system clock. */
  now?: () => Date;
}

/**
 * ShipHero as the authority for warehouse stock: snapshots of on hand, allocated and reserve per SKU × warehouse,
 * the Inventory Update and Inventory Change webhooks, and a poll of `inventory_changes` that heals deliveries
 * ShipHero did not make. Push (`inventory_replace`) for installations where ShipHero follows, e.g. an ERP owns on
 * hand; when ShipHero is the authority the engine never pushes its own numbers back into it.
 */
export function createShipHeroConnector(
  input: ShipHeroConnectorSettings,
  context: ConnectorContextV2,
  options: ShipHeroConnectorOptions = {},
): ConnectorV2<ShipHeroChangesCursor> {
  const connection = context.mapping.connection;
  const settings = parseShipHeroSettings(input, connection);
  const environment = context.environment ?? process.env;
  const rateLimits = shipHeroRateLimits(settings.assumedCredits);
  const graphql = createShipHeroGraphql({
    settings,
    connection,
    environment,
    limiter: context.sharedLimiter?.(rateLimits),
  });
  const pages: PageContext = {
    graphql,
    settings,
    connection,
    mapping: context.mapping,
    now: options.now ?? (() => new Date()),
  };
  const webhookSecret = settings.webhookSecret;
  const webhookContext: WebhookContext | undefined =
    webhookSecret === undefined
      ? undefined
      : {
          connection,
          mapping: context.mapping,
          secrets: () =>
            (Array.isArray(webhookSecret) ? webhookSecret : [webhookSecret]).map((reference, index) =>
              readShipHeroSecret(
                reference,
                Array.isArray(webhookSecret) ? `webhookSecret[${index}]` : 'webhookSecret',
                environment,
                connection,
              ),
            ),
        };

  return {
    specificationVersion: 'v2',
    connector: shipHeroConnectorKind,
    connection,
    rateLimits,
    snapshot: { mode: 'paged', read: (request) => readWarehouseProducts(request.cursor, pages) },
    push: {
      maxBatchSize: shipHeroMaxPushBatchSize,
      absolute: true,
      compareAndSet: false,
      listingStatuses: [],
      push: (request) => pushShipHeroInventory(request, pages),
    },
    changes: {
      suggestedIntervalSeconds: settings.pollIntervalSeconds,
      cursorSchema: ShipHeroChangesCursorSchema,
      pull: (request) => pullShipHeroChanges(request, pages),
    },
    check: createShipHeroCheck(graphql, settings.requestTimeoutMs),
    ...(webhookContext === undefined
      ? {}
      : {
          webhooks: {
            topics: shipHeroWebhookTypes,
            // ShipHero takes a delivery as received only when answered 200 with this body (else it retries, 5 times).
            answer: shipHeroWebhookAnswer,
            verify: (webhook) => verifyShipHeroWebhook(webhook, webhookContext),
            parse: (webhook) => parseShipHeroWebhook(webhook, webhookContext),
          },
        }),
  };
}

/** The answer ShipHero's webhooks expect from the receiver: `{"code":"200","Message":"Success"}`. */
export const shipHeroWebhookAnswer = { body: { code: '200', Message: 'Success' } } as const;

export const shipHeroConnector: ConnectorDefinitionV2<ShipHeroConnectorSettings, ShipHeroChangesCursor> = {
  specificationVersion: 'v2',
  connector: shipHeroConnectorKind,
  settingsSchema: ShipHeroConnectorSettingsSchema,
  create: (settings, context) => createShipHeroConnector(settings, context),
};
