export { checkDeclaredCapabilities } from './check-capabilities.ts';
export {
  checkChangesReportUnmappedNames,
  checkChangesResumeAfterCrash,
  checkInvalidCursorIsRefused,
  checkMalformedChangesAreTyped,
} from './check-changes.ts';
export { checkConnectionFaultsAreRetryable, checkRateLimitStormIsReported } from './check-faults.ts';
export { checkPushIsolatesBadItem, checkPushSkipsUnchangedValues } from './check-push.ts';
export {
  checkMalformedSnapshotIsTyped,
  checkSnapshotIsComplete,
  checkSnapshotReportsUnmappedNames,
} from './check-snapshot.ts';
export {
  checkMalformedWebhookIsTyped,
  checkWebhookReportsUnmappedNames,
  checkWebhookSignatureIsVerified,
} from './check-webhooks.ts';
export {
  applicableConformanceChecks,
  type ConformanceCheck,
  type ConformanceCheckEntry,
  type ConformanceCheckResult,
  conformanceChecks,
  runConformanceChecks,
} from './conformance-checks.ts';
export {
  type ConformanceConfigurationOptions,
  type ConformanceScope,
  conformanceChannel,
  conformanceScope,
  conformanceUnmappedLocation,
  createConformanceConfiguration,
} from './conformance-configuration.ts';
export type {
  ConformanceInputFlaw,
  ConformanceInputOptions,
  ConformanceInventoryRecord,
  ConformanceItemErrorName,
  ConformancePublishedQuantity,
  ConformanceQuantityState,
  ConformanceRemoteChange,
  ConformanceSimulations,
  ConformanceUnpushableItem,
  ConnectorConformanceHarness,
} from './conformance-harness.ts';
export { ConformanceFailure } from './conformance-helpers.ts';
export { type DescribeConformanceOptions, describeConnectorConformance } from './describe-conformance.ts';
