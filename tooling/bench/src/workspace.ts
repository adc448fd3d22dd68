/**
 * The runner, the connectors and their sandboxes, from this checkout's sources. `@stockwire/bench` does not list
 * them as dependencies yet (that needs a `pnpm install`), so they are reached by path here, in one place: once the
 * package depends on `@stockwire/runner`, `@stockwire/connector-kit`, `@stockwire/connector-shopify` and
 * `@stockwire/connector-amazon`, these lines become package imports and nothing else changes. Node resolves each
 * file's own imports from its package, so the modules are the same instances the runner loads.
 */

export { createLogger, createRunner, type Runner } from '../../../apps/runner/src/index.ts';
export {
  amazonConnectorDefinition,
  amazonRateLimits,
  createAmazonConnector,
  createStoredFeedLedger,
} from '../../../packages/connector-amazon/src/index.ts';
export { type AmazonSandbox, createAmazonSandbox } from '../../../packages/connector-amazon/src/sandbox/index.ts';
export type { ConnectorDefinitionV1 } from '../../../packages/connector-kit/src/index.ts';
export { RateLimitedError } from '../../../packages/connector-kit/src/index.ts';
export { shopifyMaxBatchSize } from '../../../packages/connector-shopify/src/index.ts';
export {
  createShopifySandbox,
  type ShopifySandbox,
  standardPlan,
} from '../../../packages/connector-shopify/src/sandbox/index.ts';
