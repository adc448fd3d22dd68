export { shipHeroLevelStateTable } from './map-shiphero-levels.ts';
export { type ShipHeroChangesCursor, ShipHeroChangesCursorSchema } from './shiphero-changes.ts';
export {
  createShipHeroConnector,
  type ShipHeroConnectorOptions,
  shipHeroConnector as default,
  shipHeroConnector,
  shipHeroWebhookAnswer,
} from './shiphero-connector.ts';
export {
  inventoryChangesDocument,
  inventoryReplaceDocument,
  userQuotaDocument,
  warehouseProductLevelDocument,
  warehouseProductsDocument,
} from './shiphero-documents.ts';
export { retryAfterOf, shipHeroGraphqlFailure } from './shiphero-errors.ts';
export { shipHeroMaxPushBatchSize } from './shiphero-inventory-push.ts';
export { shipHeroWebhookTypes } from './shiphero-payloads.ts';
export {
  estimatedCredits,
  type ShipHeroOperation,
  shipHeroPublishedLimits,
  shipHeroRateLimits,
} from './shiphero-rate-limits.ts';
export {
  type ShipHeroConnectorSettings,
  type ShipHeroConnectorSettingsInput,
  ShipHeroConnectorSettingsSchema,
  shipHeroConnectorKind,
  shipHeroProductionUrl,
} from './shiphero-settings.ts';
export { warehouseUuid } from './shiphero-time.ts';
export {
  shipHeroMessageIdHeader,
  shipHeroSignatureHeader,
  signShipHeroWebhook,
} from './shiphero-webhook-signature.ts';
