export {
  type AmazonConnector,
  type AmazonConnectorOptions,
  amazonConnectorCapabilities,
  amazonConnectorDefinition,
  amazonConnectorDefinition as default,
  amazonConnectorKind,
  createAmazonConnector,
} from './amazon-connector.ts';
export { AmazonFeedInProgressError, AmazonInvalidCursorError } from './amazon-errors.ts';
export {
  type AmazonFeedLedger,
  createMemoryFeedLedger,
  createStoredFeedLedger,
  type FeedLedgerFeed,
  type FeedLedgerMessage,
  type FeedLedgerOutcome,
} from './amazon-feed-ledger.ts';
export {
  type AmazonOperation,
  amazonMaxFeedMessages,
  amazonPublishedLimits,
  amazonRateLimits,
} from './amazon-rate-limits.ts';
export {
  type AmazonConnectorSettings,
  type AmazonConnectorSettingsInput,
  AmazonConnectorSettingsSchema,
} from './amazon-settings.ts';
export { amazonListingStatuses, type MerchantAvailability } from './map-amazon-listing-status.ts';
