import type { ConnectorContextV2, ConnectorDefinitionV2, ConnectorV2 } from '@stockwire/connector-spec';
import { levelRecords } from './map-shipbob-levels.ts';
import { pullShipBobChanges, type ShipBobChangesCursor, ShipBobChangesCursorSchema } from './shipbob-changes.ts';
import { createShipBobCheck } from './shipbob-check.ts';
import { createShipBobClient } from './shipbob-client.ts';
import { readShipBobSecret } from './shipbob-credentials.ts';
import { firstLevelPage, isLevelPageLink, readLevels } from './shipbob-inventory-read.ts';
import { shipBobRateLimits } from './shipbob-rate-limits.ts';
import {
  parseShipBobSettings,
  type ShipBobConnectorSettings,
  ShipBobConnectorSettingsSchema,
  shipBobConfigurationError,
  shipBobConnectorKind,
} from './shipbob-settings.ts';
import {
  parseShipBobWebhook,
  shipBobWebhookTopics,
  verifyShipBobWebhook,
  type WebhookContext,
} from './shipbob-webhooks.ts';

export interface ShipBobConnectorOptions {
  /** The connector's clock (observation times, webhook timestamp tolerance). Default the system clock. */
  now?: () => Date;
}

/**
 * ShipBob as a stock authority: snapshots of levels per item × fulfilment centre, polled level changes and
 * receiving orders, shipments by webhook. No push: a 3PL's stock is its own, moved only by its warehouse.
 */
export function createShipBobConnector(
  input: ShipBobConnectorSettings,
  context: ConnectorContextV2,
  options: ShipBobConnectorOptions = {},
): ConnectorV2<ShipBobChangesCursor> {
  const connection = context.mapping.connection;
  const settings = parseShipBobSettings(input, connection);
  const environment = context.environment ?? process.env;
  const now = options.now ?? (() => new Date());
  const client = createShipBobClient({
    settings,
    connection,
    environment,
    limiter: context.sharedLimiter?.(shipBobRateLimits),
    state: context.state,
    now: () => now().getTime(),
  });
  const webhookSecret = settings.webhookSecret;
  const webhookContext: WebhookContext | undefined =
    webhookSecret === undefined
      ? undefined
      : {
          connection,
          mapping: context.mapping,
          secret: () => readShipBobSecret(webhookSecret, 'webhookSecret', environment, connection),
          toleranceSeconds: settings.webhookToleranceSeconds,
          now: () => now().getTime(),
          topics: shipBobWebhookTopics[settings.apiVersion],
        };

  return {
    specificationVersion: 'v2',
    connector: shipBobConnectorKind,
    connection,
    rateLimits: shipBobRateLimits,
    snapshot: {
      mode: 'paged',
      async read(request) {
        const link = request.cursor ?? firstLevelPage(settings);
        if (!isLevelPageLink(link, settings)) {
          throw shipBobConfigurationError(
            connection,
            `the snapshot cursor "${link}" is not a ShipBob level page of ${settings.apiVersion}; restart the snapshot`,
          );
        }
        const page = await readLevels(client, link, connection, {
          lots: settings.lots,
          lotDate: settings.lotDate,
          now,
        });
        const mapped = levelRecords(page.levels, context.mapping, page.answeredAt ?? now().toISOString());
        return { records: mapped.records, failures: [...page.failures, ...mapped.failures], nextCursor: page.next };
      },
    },
    changes: {
      suggestedIntervalSeconds: settings.pollIntervalSeconds,
      cursorSchema: ShipBobChangesCursorSchema,
      pull: (request) => pullShipBobChanges(request, { client, settings, connection, mapping: context.mapping, now }),
    },
    check: createShipBobCheck(client, settings),
    ...(webhookContext === undefined
      ? {}
      : {
          webhooks: {
            topics: webhookContext.topics,
            verify: (webhook) => verifyShipBobWebhook(webhook, webhookContext),
            parse: (webhook) => parseShipBobWebhook(webhook, webhookContext),
          },
        }),
  };
}

export const shipBobConnector: ConnectorDefinitionV2<ShipBobConnectorSettings, ShipBobChangesCursor> = {
  specificationVersion: 'v2',
  connector: shipBobConnectorKind,
  settingsSchema: ShipBobConnectorSettingsSchema,
  create: (settings, context) => createShipBobConnector(settings, context),
};
