import type { ConnectorContextV2, ConnectorDefinitionV2, ConnectorV2 } from '@stockwire/connector-spec';
import { createSquareCatalog } from './square-catalog.ts';
import { createSquareCatalogVersion } from './square-catalog-version.ts';
import { pullSquareChanges, type SquareChangesCursor, SquareChangesCursorSchema } from './square-changes.ts';
import { createSquareCheck } from './square-check.ts';
import { createSquareApi } from './square-client.ts';
import { pushSquareCounts } from './square-inventory-push.ts';
import { readSquareSnapshotPage } from './square-inventory-read.ts';
import { squareMaxChangesPerCall, squareRateLimits } from './square-rate-limits.ts';
import {
  parseSquareSettings,
  readSquareSecret,
  type SquareConnectorSettings,
  SquareConnectorSettingsSchema,
  squareConnectorKind,
} from './square-settings.ts';
import { parseSquareWebhook, squareWebhookTopics, verifySquareWebhook } from './square-webhooks.ts';

export interface SquareConnectorOptions {
  /** The clock for `occurred_at` of pushed counts and the start of the first changes poll. Default: the real one. */
  readonly now?: () => Date;
}

/**
 * A Square seller account as a ConnectorV2: snapshots of store counts, pushes of absolute counts into the
 * locations named in `writableLocations` (absent when none are), the inventory changes feed (counter sales as
 * Square's own decrements) and signed webhooks: `inventory.count.updated` as records, pickup orders as reservations.
 */
export function createSquareConnector(
  settings: SquareConnectorSettings,
  context: ConnectorContextV2,
  options: SquareConnectorOptions = {},
): ConnectorV2<SquareChangesCursor> {
  const valid = parseSquareSettings(settings, context.mapping.connection);
  const connection = context.mapping.connection;
  const environment = context.environment ?? process.env;
  const now = options.now ?? (() => new Date());
  const api = createSquareApi(valid, context);
  const catalogVersion = createSquareCatalogVersion(context.state);
  const catalog = createSquareCatalog(api, catalogVersion);
  const mapping = context.mapping;
  const writableLocations = new Set(valid.writableLocations);
  const webhookOptions = {
    connection,
    mapping,
    catalog,
    catalogVersion,
    api,
    notificationUrl: valid.notificationUrl,
    signatureKey: () => readSquareSecret(valid.webhookSignatureKey, 'webhookSignatureKey', environment, connection),
  };
  return {
    specificationVersion: 'v2',
    connector: squareConnectorKind,
    connection,
    rateLimits: squareRateLimits,
    snapshot: {
      mode: 'paged',
      read: (request) => readSquareSnapshotPage(request, { api, catalog, mapping, pageSize: valid.pageSize }),
    },
    push:
      writableLocations.size === 0
        ? undefined
        : {
            maxBatchSize: squareMaxChangesPerCall,
            absolute: true,
            // Square's physical counts replace the count unconditionally: there is no "only if it still shows N".
            compareAndSet: false,
            listingStatuses: [],
            push: (request) => pushSquareCounts(request, { api, catalog, mapping, writableLocations, now }),
          },
    changes: {
      suggestedIntervalSeconds: valid.changesIntervalSeconds,
      cursorSchema: SquareChangesCursorSchema,
      pull: (request) => pullSquareChanges(request, { api, catalog, mapping, now }),
    },
    webhooks: {
      topics: squareWebhookTopics,
      verify: (webhook) => verifySquareWebhook(webhook, webhookOptions),
      parse: (webhook) => parseSquareWebhook(webhook, webhookOptions),
    },
    check: createSquareCheck(api, valid.timeoutSeconds),
  };
}

/** The package's default export: what the runner loads by connector kind. */
export const squareConnector: ConnectorDefinitionV2<SquareConnectorSettings, SquareChangesCursor> = {
  specificationVersion: 'v2',
  connector: squareConnectorKind,
  settingsSchema: SquareConnectorSettingsSchema,
  create: (settings, context) => createSquareConnector(settings, context),
};
