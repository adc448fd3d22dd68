export { shipBobLevelStateTable } from './map-shipbob-levels.ts';
export { type ShipBobChangesCursor, ShipBobChangesCursorSchema } from './shipbob-changes.ts';
export {
  createShipBobConnector,
  type ShipBobConnectorOptions,
  shipBobConnector as default,
  shipBobConnector,
} from './shipbob-connector.ts';
export { describeShipBobErrorBody, shipBobErrorFromResponse } from './shipbob-errors.ts';
export {
  bucketCeiling,
  type ShipBobOperation,
  shipBobAccountBucket,
  shipBobPublishedLimit,
  shipBobRateLimits,
} from './shipbob-rate-limits.ts';
export {
  type ShipBobApiVersion,
  type ShipBobConnectorSettings,
  type ShipBobConnectorSettingsInput,
  ShipBobConnectorSettingsSchema,
  shipBobApiVersions,
  shipBobConnectorKind,
  shipBobProductionUrl,
  shipBobTokenUrl,
} from './shipbob-settings.ts';
export { signStandardWebhook } from './shipbob-webhook-signature.ts';
export { shipBobWebhookTopics } from './shipbob-webhooks.ts';
