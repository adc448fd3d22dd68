export { squareSellableState, squareStateMeaning } from './map-square-states.ts';
export { type SquareChangesCursor, SquareChangesCursorSchema } from './square-changes.ts';
export {
  createSquareConnector,
  type SquareConnectorOptions,
  squareConnector as default,
  squareConnector,
} from './square-connector.ts';
export { SquareRequestRejectedError } from './square-errors.ts';
export {
  type SquareOperation,
  squareMaxChangesPerCall,
  squareMaxPageSize,
  squareRateLimits,
} from './square-rate-limits.ts';
export {
  type SquareConnectorSettings,
  type SquareConnectorSettingsInput,
  SquareConnectorSettingsSchema,
  squareConnectorKind,
  squareProductionUrl,
  squareSandboxUrl,
} from './square-settings.ts';
export { isSquareSignatureValid, signSquareWebhook, squareSignatureHeader } from './square-webhook-signature.ts';
export { squareWebhookTopics } from './square-webhooks.ts';
