export {
  createEbayConnector,
  type EbayConnector,
  type EbayConnectorOptions,
  ebayConnector as default,
  ebayConnector,
  ebayConnectorCapabilities,
} from './ebay-connector.ts';
export {
  describeEbayErrors,
  type EbayError,
  ebayErrorFromResponse,
  ebayItemError,
  ebayNotFoundErrorIds,
} from './ebay-errors.ts';
export {
  answerEbayChallenge,
  decodeSignatureHeader,
  formatPublicKey,
  verifyEbaySignature,
} from './ebay-notification-signature.ts';
export { ebayNotificationTopics } from './ebay-notifications.ts';
export { type EbayOrdersCursor, EbayOrdersCursorSchema } from './ebay-orders.ts';
export { ebayMaxPushBatch } from './ebay-push.ts';
export { type EbayOperation, ebayPublishedDailyLimits, ebayRateLimits } from './ebay-rate-limits.ts';
export {
  calendarDay,
  type EbayListingRevisions,
  EbayRevisionBudgetError,
  type EbayRevisionBudgetReport,
} from './ebay-revision-budget.ts';
export {
  type EbayConnectorSettings,
  type EbayConnectorSettingsInput,
  EbayConnectorSettingsSchema,
  ebayConnectorKind,
  ebayMaximumSkuLength,
  ebayProductionUrl,
  ebayRevisionsPerListingPerDay,
  ebayTokenPath,
  ebayUserScopes,
} from './ebay-settings.ts';
