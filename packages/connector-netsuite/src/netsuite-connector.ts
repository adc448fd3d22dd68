import type { ConnectorContextV2, ConnectorDefinitionV2, ConnectorV2 } from '@stockwire/connector-spec';
import { type NetSuiteChangesCursor, NetSuiteChangesCursorSchema, pullNetSuiteChanges } from './netsuite-changes.ts';
import { createNetSuiteCheck } from './netsuite-check.ts';
import { createNetSuiteClient } from './netsuite-client.ts';
import { pushNetSuiteAdjustments } from './netsuite-inventory-push.ts';
import { readNetSuiteBalances } from './netsuite-inventory-read.ts';
import { netSuiteRateLimitsFor } from './netsuite-rate-limits.ts';
import { pullNetSuiteSalesOrders } from './netsuite-sales-orders.ts';
import {
  type NetSuiteConnectorSettings,
  NetSuiteConnectorSettingsSchema,
  netSuiteConnectorKind,
  parseNetSuiteSettings,
} from './netsuite-settings.ts';

export interface NetSuiteConnectorOptions {
  /** The connector's clock (receive times, the first poll's lookback, adjustment dates). Default the system clock. */
  now?: () => Date;
}

/** The most items one push carries: one SuiteQL read and one adjustment per location stay small. */
export const netSuitePushBatchSize = 100;

/**
 * NetSuite as an ERP: item balances per item × location and inventory transactions in (SuiteQL), and, when
 * `push` is configured, inventory adjustments out. Every call takes a slot of the account's concurrency limit.
 */
export function createNetSuiteConnector(
  input: NetSuiteConnectorSettings,
  context: ConnectorContextV2,
  options: NetSuiteConnectorOptions = {},
): ConnectorV2<NetSuiteChangesCursor, NetSuiteChangesCursor> {
  const connection = context.mapping.connection;
  const settings = parseNetSuiteSettings(input, connection);
  const now = options.now ?? (() => new Date());
  const rateLimits = netSuiteRateLimitsFor(settings.concurrencySlots);
  const client = createNetSuiteClient({
    settings,
    connection,
    environment: context.environment ?? process.env,
    limiter: context.sharedLimiter?.(rateLimits),
    defaultPauseMs: rateLimits.slowDown.defaultPauseMs,
    now: () => now().getTime(),
  });
  const pushSettings = settings.push;
  const reservations = settings.reservations;
  const feedContext = {
    client,
    mapping: context.mapping,
    connection,
    account: settings.account,
    pageSize: settings.changesPageSize,
    lookbackHours: settings.changesLookbackHours,
    itemKey: settings.itemKey,
    reservations,
    now,
  };
  return {
    specificationVersion: 'v2',
    connector: netSuiteConnectorKind,
    connection,
    rateLimits,
    check: createNetSuiteCheck(client, settings.requestTimeoutMs),
    snapshot: {
      mode: 'paged',
      read: (request) =>
        readNetSuiteBalances(request.cursor, {
          client,
          mapping: context.mapping,
          connection,
          pageSize: settings.pageSize,
          itemKey: settings.itemKey,
          now,
        }),
    },
    changes: {
      suggestedIntervalSeconds: settings.pollIntervalSeconds,
      cursorSchema: NetSuiteChangesCursorSchema,
      pull: (request) => pullNetSuiteChanges(request, feedContext),
    },
    ...(reservations === undefined
      ? {}
      : {
          orders: {
            suggestedIntervalSeconds: settings.pollIntervalSeconds,
            cursorSchema: NetSuiteChangesCursorSchema,
            pull: (request) => pullNetSuiteSalesOrders(request, { ...feedContext, reservations }),
          },
        }),
    ...(pushSettings === undefined
      ? {}
      : {
          push: {
            maxBatchSize: netSuitePushBatchSize,
            absolute: true,
            // The balance read in the same call is compared with `expectedRemote` before anything is adjusted.
            compareAndSet: true,
            listingStatuses: [],
            push: (request) =>
              pushNetSuiteAdjustments(request, {
                client,
                mapping: context.mapping,
                connection,
                push: pushSettings,
                itemKey: settings.itemKey,
                now,
              }),
          },
        }),
  };
}

export const netSuiteConnector: ConnectorDefinitionV2<
  NetSuiteConnectorSettings,
  NetSuiteChangesCursor,
  NetSuiteChangesCursor
> = {
  specificationVersion: 'v2',
  connector: netSuiteConnectorKind,
  settingsSchema: NetSuiteConnectorSettingsSchema,
  create: (settings, context) => createNetSuiteConnector(settings, context),
};
