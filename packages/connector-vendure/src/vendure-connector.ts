import { readSecret } from '@stockwire/connector-kit';
import type { ConnectorContextV2, ConnectorDefinitionV2, ConnectorV2 } from '@stockwire/connector-spec';
import { vendureListingStatuses } from './map-vendure-listing.ts';
import { createVendureCheck } from './vendure-check.ts';
import { createVendureClient } from './vendure-client.ts';
import { vendureWebhookTopics } from './vendure-deliveries.ts';
import { pushVendureStock } from './vendure-inventory-push.ts';
import { readVendureSnapshotPage } from './vendure-inventory-read.ts';
import { vendureRateLimits } from './vendure-rate-limits.ts';
import {
  parseVendureSettings,
  type VendureConnectorSettings,
  VendureConnectorSettingsSchema,
  vendureConfigurationError,
  vendureConnectorKind,
} from './vendure-settings.ts';
import { parseVendureDelivery, verifyVendureDelivery, type WebhookContext } from './vendure-webhooks.ts';

export interface VendureConnectorOptions {
  /** The connector's clock (observation times without a Vendure timestamp, delivery timestamp tolerance). */
  now?: () => Date;
}

/**
 * One Vendure channel as a storefront: stock per variant × stock location read in pages and pushed as absolute
 * stock on hand (what to sell plus what Vendure has allocated), and signed deliveries from
 * `@stockwire/vendure-plugin` for orders, cancellations, fulfilments and stock movements.
 */
export function createVendureConnector(
  input: VendureConnectorSettings,
  context: ConnectorContextV2,
  options: VendureConnectorOptions = {},
): ConnectorV2 {
  const connection = context.mapping.connection;
  const settings = parseVendureSettings(input, connection);
  const environment = context.environment ?? process.env;
  const now = options.now ?? (() => new Date());
  const client = createVendureClient({
    settings,
    connection,
    environment,
    limiter: context.sharedLimiter?.(vendureRateLimits),
  });
  const mapping = context.mapping;
  const webhookSecret = settings.webhookSecret;
  const webhookContext: WebhookContext | undefined =
    webhookSecret === undefined
      ? undefined
      : {
          connection,
          mapping,
          secret: () =>
            readSecret(webhookSecret, 'webhookSecret', environment, (problem) =>
              vendureConfigurationError(connection, problem),
            ),
          toleranceSeconds: settings.webhookToleranceSeconds,
          now,
        };

  return {
    specificationVersion: 'v2',
    connector: vendureConnectorKind,
    connection,
    rateLimits: vendureRateLimits,
    snapshot: {
      mode: 'paged',
      read: (request) =>
        readVendureSnapshotPage(request.cursor, { client, mapping, connection, pageSize: settings.pageSize, now }),
    },
    push: {
      maxBatchSize: settings.maxBatchSize,
      absolute: true,
      // The compare step is a read before the write, not an atomic compare-and-set (Vendure offers none).
      compareAndSet: false,
      listingStatuses: vendureListingStatuses,
      push: (request) =>
        pushVendureStock(request, { client, mapping, connection, backorderLimit: settings.backorderLimit }),
    },
    check: createVendureCheck(client, settings.requestTimeoutMs),
    ...(webhookContext === undefined
      ? {}
      : {
          webhooks: {
            topics: vendureWebhookTopics,
            verify: (webhook) => verifyVendureDelivery(webhook, webhookContext),
            parse: (webhook) => parseVendureDelivery(webhook, webhookContext),
          },
        }),
  };
}

export const vendureConnector: ConnectorDefinitionV2<VendureConnectorSettings> = {
  specificationVersion: 'v2',
  connector: vendureConnectorKind,
  settingsSchema: VendureConnectorSettingsSchema,
  create: (settings, context) => createVendureConnector(settings, context),
};
