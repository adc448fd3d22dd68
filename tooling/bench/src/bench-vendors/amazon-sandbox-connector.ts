import {
  amazonConnectorDefinition,
  amazonRateLimits,
  type ConnectorDefinitionV1,
  createAmazonConnector,
  createStoredFeedLedger,
} from '../workspace.ts';
import { sandboxAgentOf } from './vendor-registry.ts';

type AmazonSettings = Parameters<typeof amazonConnectorDefinition.create>[0];

/**
 * `@stockwire/connector-amazon` created exactly as its definition does under a runner (shared limiter, stored feed
 * ledger), plus the sandbox's HTTPS agent, which a configuration cannot carry: every Amazon host the SDK names then
 * reaches the sandbox. Loaded by the bench's runner by path.
 */
const definition: ConnectorDefinitionV1<unknown> = {
  specificationVersion: 'v1',
  connector: 'amazon',
  settingsSchema: amazonConnectorDefinition.settingsSchema as ConnectorDefinitionV1<unknown>['settingsSchema'],
  create: (settings, context) =>
    createAmazonConnector(settings as AmazonSettings, context, {
      agent: sandboxAgentOf(context.mapping.connection),
      limiter: context.sharedLimiter?.(amazonRateLimits),
      feedLedger: context.state === undefined ? undefined : createStoredFeedLedger(context.state),
    }),
};
export default definition;
