import {
  type ConnectorDefinitionV1,
  type ConnectorV1,
  createHttpClient,
  type RateLimitPolicy,
} from '@stockwire/connector-kit';
import { pullFixtureOrders, pushFixtureQuantities, readFixtureSnapshot } from './fixture-push.ts';
import { type FixtureSettings, FixtureSettingsSchema } from './fixture-settings.ts';
import { parseFixtureWebhook, verifyFixtureWebhook } from './fixture-webhooks.ts';

export { fixtureHeaders } from './fixture-settings.ts';
export { fixtureSignature } from './fixture-webhooks.ts';

/**
 * TEST FIXTURE — the connector of an imaginary vendor, so the runner's webhook and rate-limit paths can be tested
 * end to end. See README.md. A real ConnectorV1 in every respect, loaded by path through the runner's registry.
 */
export const webhookFixtureConnector: ConnectorDefinitionV1<FixtureSettings> = {
  specificationVersion: 'v1',
  connector: 'webhook-fixture',
  settingsSchema: FixtureSettingsSchema,
  create(settings, context): ConnectorV1 {
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
    return {
      specificationVersion: 'v1',
      connector: 'webhook-fixture',
      connection,
      capabilities: {
        webhooks: { topics: ['inventory.adjusted'] },
        ...(http === undefined
          ? {}
          : {
              push: { maxBatchSize: settings.pushBatchSize, absolute: true, compareAndSet: false },
              snapshot: { mode: 'paged' as const },
              ...(settings.pollOrders ? { orders: { suggestedIntervalSeconds: 60 } } : {}),
            }),
      },
      rateLimits,
      verifyWebhook: async (webhook) => verifyFixtureWebhook(webhook, secret(), connection),
      parseWebhook: async (webhook) => parseFixtureWebhook(webhook, mapping),
      ...(http === undefined
        ? {}
        : {
            pushQuantities: (request) => pushFixtureQuantities(http, mapping, request),
            readSnapshot: () => readFixtureSnapshot(http, mapping),
            ...(settings.pollOrders ? { pullOrders: (request) => pullFixtureOrders(http, mapping, request) } : {}),
          }),
    };
  },
};

export default webhookFixtureConnector;
