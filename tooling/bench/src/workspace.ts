/** The runner, the connectors and their sandboxes the benchmarks drive, gathered in one place. */

export {
  amazonConnectorDefinition,
  amazonRateLimits,
  createAmazonConnector,
  createStoredFeedLedger,
} from '@stockwire/connector-amazon';
export { type AmazonSandbox, createAmazonSandbox } from '@stockwire/connector-amazon/sandbox';
export type { ConnectorDefinitionV1 } from '@stockwire/connector-kit';
export { RateLimitedError } from '@stockwire/connector-kit';
export { shopifyMaxBatchSize } from '@stockwire/connector-shopify';
export {
  createShopifySandbox,
  type ShopifySandbox,
  standardPlan,
} from '@stockwire/connector-shopify/sandbox';
export { createLogger, createRunner, type Runner } from '@stockwire/runner';
