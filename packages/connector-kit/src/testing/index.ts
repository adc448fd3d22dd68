export { checkDeclaredCapabilities } from './check-capabilities.ts';
export {
  checkChangesReportUnmappedNames,
  checkChangesResumeAfterCrash,
  checkInvalidCursorIsRefused,
  checkMalformedChangesAreTyped,
} from './check-changes.ts';
export {
  checkConnectionFaultsAreRetryable,
  checkRateLimitStormIsReported,
  checkServerErrorStormIsRetryable,
} from './check-faults.ts';
export { checkHangingCallsTimeOut, maximumConformanceRequestTimeoutMs } from './check-hangs.ts';
export { checkPushIsolatesBadItem, checkPushSkipsUnchangedValues } from './check-push.ts';
export { checkRepeatedPushesTakeEffect } from './check-push-repeat.ts';
export {
  checkMalformedSnapshotIsTyped,
  checkSnapshotIsComplete,
  checkSnapshotReportsUnmappedNames,
} from './check-snapshot.ts';
export { checkPushUsesConnectionUnits, checkSnapshotReportsCanonicalUnits } from './check-units.ts';
export { checkChangesReportCanonicalUnits, checkWebhookReportsCanonicalUnits } from './check-units-reported.ts';
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
  conformanceCasePackedSku,
  conformanceChannel,
  conformanceScope,
  conformanceUnitsPerCase,
  conformanceUnmappedLocation,
  createConformanceConfiguration,
} from './conformance-configuration.ts';
export type {
  ConformanceHangs,
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
