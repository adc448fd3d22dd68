export { AuthenticationError, type AuthenticationErrorOptions } from './authentication-error.ts';
export {
  ConnectorConfigurationError,
  type ConnectorConfigurationErrorOptions,
} from './connector-configuration-error.ts';
export {
  ConnectorError,
  type ConnectorErrorContext,
  type ConnectorErrorOptions,
  hasErrorMarker,
  markError,
  onConnection,
} from './connector-error.ts';
export {
  describePayloadPath,
  MalformedPayloadError,
  type MalformedPayloadErrorOptions,
} from './malformed-payload-error.ts';
export { PermanentItemError, type PermanentItemErrorOptions } from './permanent-item-error.ts';
export { RateLimitedError, type RateLimitedErrorOptions } from './rate-limited-error.ts';
export { redactedPlaceholder, redactSecrets } from './redact-secrets.ts';
export { RequestRejectedError, type RequestRejectedErrorOptions } from './request-rejected-error.ts';
export { TransientError, type TransientErrorOptions } from './transient-error.ts';
export { UnmappedLocationError, type UnmappedLocationErrorOptions } from './unmapped-location-error.ts';
export { UnmappedSkuError, type UnmappedSkuErrorOptions } from './unmapped-sku-error.ts';
export { UnsupportedCapabilityError, type UnsupportedCapabilityErrorOptions } from './unsupported-capability-error.ts';
export { WebhookSignatureError, type WebhookSignatureErrorOptions } from './webhook-signature-error.ts';
