export {
  type CapabilityName,
  type ConnectorCapabilitiesV1,
  ConnectorCapabilitiesV1Schema,
  capabilityNames,
} from './capabilities.ts';
export {
  type CapabilityCallResult,
  callCapability,
  supports,
  type UnsupportedCapabilityWarningV1,
} from './capability-call.ts';
export { type ConnectorStateStoreV1, createMemoryConnectorState } from './connector-state.ts';
export {
  type ConnectorContextV1,
  type ConnectorDefinitionV1,
  type ConnectorV1,
  connectorSpecificationVersion,
  isConnectorV1,
} from './connector-v1.ts';
export {
  captureItemFailure,
  type ItemFailureV1,
  type SerializedItemFailureV1,
  serializeItemFailure,
} from './item-failure.ts';
export { type ConnectionMappingV1, createConnectionMapping } from './mapping.ts';
export type { PushItemResultV1, PushItemV1, PushRequestV1, PushResultV1 } from './push.ts';
export { readSecret } from './read-secret.ts';
export type {
  ChangesPageV1,
  ChangesRequestV1,
  RemoteInventoryRecordV1,
  SnapshotPageV1,
  SnapshotRequestV1,
} from './remote-inventory.ts';
export { headerValue, type ParsedWebhookV1, type RawWebhookV1 } from './webhooks.ts';
