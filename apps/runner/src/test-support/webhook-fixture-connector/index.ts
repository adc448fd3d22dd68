import { createHttpClient, type RateLimitPolicy } from '@stockwire/connector-kit';
import type { ConnectorDefinitionV2, ConnectorV2, PushRequestV2 } from '@stockwire/connector-spec';
import { z } from 'zod';
import { pullFixtureOrders, pushFixtureQuantities, readFixtureSnapshot } from './fixture-push.ts';
import { type FixtureSettings, FixtureSettingsSchema } from './fixture-settings.ts';
import { parseFixtureWebhook, verifyFixtureWebhook } from './fixture-webhooks.ts';

export { fixtureHeaders } from './fixture-settings.ts';
export { fixtureSignature } from './fixture-webhooks.ts';

/**
 * TEST FIXTURE — the connector of an imaginary vendor, so the runner's webhook and rate-limit paths can be tested
 * end to end. See README.md. A real ConnectorV2 in every respect, loaded by path through the runner's registry.
 */
export const webhookFixtureConnector: ConnectorDefinitionV2<FixtureSettings> = {
  specificationVersion: 'v2',
  connector: 'webhook-fixture',
  settingsSchema: FixtureSettingsSchema,
  create(settings, context): ConnectorV2 {
    const { mapping } = context;
    const connection = mapping.connection;
    const environment = context.environment ?? process.env;
    const secret = () => {
      const value = environment[settings.signingSecret.env];
      if (value === undefined || value === '') {
        throw new Error(`connection "${connection}": ${settings.signingSecret.env} is not set (signingSecret)`);
      }
      return value;
    };
    const rateLimits: RateLimitPolicy | undefined =
      settings.rateLimit === undefined
        ? undefined
        : { operations: { pushQuantities: { kind: 'token-bucket', ...settings.rateLimit } } };
    const { baseUrl } = settings;
    const http = baseUrl === undefined ? undefined : createHttpClient({ baseURL: baseUrl, connection });
    const push = http && {
      maxBatchSize: settings.pushBatchSize,
      absolute: true as const,
      compareAndSet: false,
      listingStatuses: [],
      push: (request: PushRequestV2) => pushFixtureQuantities(http, mapping, request),
    };
    return {
      specificationVersion: 'v2',
      connector: 'webhook-fixture',
      connection,
      rateLimits,
      webhooks: {
        topics: ['inventory.adjusted'],
        verify: async (webhook) => verifyFixtureWebhook(webhook, secret(), connection),
        parse: async (webhook) => parseFixtureWebhook(webhook, mapping),
      },
      push,
      snapshot: http && { mode: 'paged', read: () => readFixtureSnapshot(http, mapping) },
      orders:
        http && settings.pollOrders
          ? {
              suggestedIntervalSeconds: 60,
              // The vendor's orders cursor is the last order number seen.
              cursorSchema: z.number().int().nonnegative(),
              pull: (request) => pullFixtureOrders(http, mapping, request),
            }
          : undefined,
    };
  },
};

export default webhookFixtureConnector;
