export { listingFlagsFor, type VendureListingFlags, vendureListingStatuses } from './map-vendure-listing.ts';
export {
  createVendureConnector,
  type VendureConnectorOptions,
  vendureConnector as default,
  vendureConnector,
} from './vendure-connector.ts';
export { vendureDeliveryHeaders, vendureWebhookTopics } from './vendure-deliveries.ts';
export { vendureErrorFromGraphQL } from './vendure-errors.ts';
export { type VendureOperation, vendureOperations, vendureRateLimits } from './vendure-rate-limits.ts';
export {
  type VendureConnectorSettings,
  type VendureConnectorSettingsInput,
  VendureConnectorSettingsSchema,
  vendureConnectorKind,
} from './vendure-settings.ts';
