export {
  type CapabilityName,
  type ChangesCapabilityV2,
  capabilityNames,
  type OrdersCapabilityV2,
  type PollCapabilityV2,
  type PushCapabilityV2,
  type PushFillV2,
  type SnapshotCapabilityV2,
  type WebhookAnswerV2,
  type WebhooksCapabilityV2,
} from './capabilities.ts';
export type {
  CheckCapabilityV2,
  ConnectionCheckLocationV2,
  ConnectionCheckRequestV2,
  ConnectionCheckResultV2,
  ConnectionCheckStepV2,
} from './connection-check.ts';
export type { ConnectorLogLevelV2, ConnectorLogMethodV2, ConnectorLogV2 } from './connector-log.ts';
export type { ConnectorStateStoreV2 } from './connector-state.ts';
export {
  type ConnectorContextV2,
  type ConnectorDefinitionV2,
  type ConnectorV2,
  connectorSpecificationVersion,
  isConnectorDefinitionV2,
  isConnectorV2,
} from './connector-v2.ts';
export {
  type ConnectorCapabilityDescriptionV2,
  type ConnectorWithV2,
  describeCapabilities,
  supports,
} from './describe-capabilities.ts';
export * from './errors/index.ts';
export {
  captureItemFailure,
  type ItemFailureV2,
  type SerializedItemFailureV2,
  serializeItemFailure,
} from './item-failure.ts';
export type { ConnectionMappingV2 } from './mapping.ts';
export type { PushItemResultV2, PushItemV2, PushRequestV2, PushResultV2 } from './push.ts';
export type {
  ConcurrencyLimitV2,
  CostBucketLimitV2,
  ObservedResponseV2,
  OperationLimitV2,
  RateLimitDecisionV2,
  RateLimiterV2,
  RateLimitFeedbackV2,
  RateLimitPolicyV2,
  SlowDownSignalsV2,
  TokenBucketLimitV2,
} from './rate-limit.ts';
export type {
  PollPageV2,
  PollRequestV2,
  RemoteInventoryRecordV2,
  SnapshotPageV2,
  SnapshotRequestV2,
} from './remote-inventory.ts';
export type { SchemaIssuesV2, SchemaIssueV2, SchemaV2 } from './schema.ts';
export type { ParsedWebhookV2, RawWebhookV2 } from './webhooks.ts';
