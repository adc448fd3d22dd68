export {
  type AlertsConfiguration,
  type AlertsConfigurationInput,
  AlertsConfigurationSchema,
} from './alerts-configuration.ts';
export {
  type AllocationConfiguration,
  type AllocationConfigurationInput,
  AllocationConfigurationSchema,
  type AllocationContext,
  type AllocationPool,
  AllocationPoolSchema,
  type AllocationReservation,
  AllocationReservationSchema,
  allocatePool,
  channelShare,
  describeAllocation,
  type PoolAllocation,
  poolsOfChannel,
  type ResolvedAllocationPool,
  resolvePools,
} from './allocation.ts';
export {
  type ApplyEffectResult,
  type ApplyEventResult,
  type ApplyOutcome,
  applyEffect,
  applyEvent,
  applyEvents,
  type PositionKey,
  positionKey,
} from './apply-event.ts';
export {
  type AuthorityDecision,
  type AuthorityRule,
  AuthorityRuleSchema,
  authorityFor,
  checkAuthority,
} from './authority.ts';
export { buildCatalog, type Catalog } from './catalog.ts';
export {
  type Channel,
  type ChannelPolicy,
  type ChannelPolicyInput,
  ChannelPolicyOverrideSchema,
  ChannelPolicySchema,
  ChannelSchema,
  channelListsSku,
  channelPublishLocation,
  effectivePolicy,
  type ListingStatus,
  ListingStatusSchema,
  listingStatuses,
} from './channel.ts';
export {
  type ChannelQuantity,
  type ChannelQuantityInput,
  type ChannelQuantityStep,
  computeChannelQuantity,
} from './channel-quantity.ts';
export {
  type Connection,
  ConnectionSchema,
  type SecretReference,
  SecretReferenceSchema,
  type StockwireConfiguration,
  type StockwireConfigurationInput,
  StockwireConfigurationSchema,
} from './configuration.ts';
export {
  type DynamicBuffer,
  type DynamicBufferDemand,
  type DynamicBufferInput,
  DynamicBufferSchema,
  type DynamicBufferSize,
  describeDynamicBuffer,
  sizeDynamicBuffer,
} from './dynamic-buffer.ts';
export {
  type Counter,
  counterState,
  eventEffects,
  incomingCounter,
  type PositionEffect,
  touchedStates,
} from './event-effects.ts';
export { compareEventOrder, type EventOrderKey, eventOrderKey } from './event-order.ts';
export {
  AdjustmentEventSchema,
  adjustmentReasons,
  CycleCountEventSchema,
  IncomingExpectedEventSchema,
  type InventoryEvent,
  type InventoryEventKind,
  type InventoryEventOf,
  InventoryEventSchema,
  ReceiptEventSchema,
  ReservationConsumedEventSchema,
  ReservationCreatedEventSchema,
  ReservationReleasedEventSchema,
  ReturnReceivedEventSchema,
  reservationReleaseReasons,
  returnDispositions,
  ShipmentEventSchema,
  SnapshotEventSchema,
  StateMoveEventSchema,
  stateMoveEnds,
  TransferInEventSchema,
  TransferOutEventSchema,
} from './events.ts';
export {
  type ChannelId,
  ChannelIdSchema,
  type ConnectionId,
  ConnectionIdSchema,
  type LocationId,
  LocationIdSchema,
  NonNegativeQuantitySchema,
  PositiveQuantitySchema,
  QuantitySchema,
  type SkuId,
  SkuIdSchema,
  type Timestamp,
  TimestampSchema,
} from './identifiers.ts';
export { kitQuantityAcrossLocations, kitQuantityAtLocation } from './kit.ts';
export {
  type Location,
  type LocationInput,
  type LocationKind,
  LocationKindSchema,
  LocationSchema,
  locationKinds,
} from './location.ts';
export { ModelError, UnknownAliasError, UnknownLocationError, UnknownReferenceError } from './model-errors.ts';
export {
  type ObservabilityConfiguration,
  ObservabilityConfigurationSchema,
  type TracingConfiguration,
  type TracingConfigurationInput,
  TracingConfigurationSchema,
} from './observability-configuration.ts';
export {
  isOrderRecordLike,
  maximumOrderLineQuantity,
  OrderFulfilledRecordSchema,
  OrderPlacedRecordSchema,
  type OrderRecord,
  type OrderRecordInput,
  type OrderRecordKind,
  OrderRecordSchema,
  OrderReleasedRecordSchema,
  orderRecordKinds,
} from './order-records.ts';
export {
  type Allocation,
  type OrderLineRequest,
  type RoutingDecision,
  type RoutingOptions,
  rankLocations,
  routeOrder,
} from './order-routing.ts';
export { type OversellRisk, type OversellRiskInput, oversellRisk } from './oversell-risk.ts';
export {
  type CounterBase,
  counterValues,
  emptyPosition,
  incomingSchedule,
  isCovered,
  type PendingDelta,
  type Position,
  positionQuantities,
} from './position.ts';
export { projectChannels } from './projection.ts';
export {
  emptyQuantities,
  type QuantitiesByState,
  type QuantityState,
  QuantityStateSchema,
  quantityStates,
  type SnapshotQuantityState,
  sellableQuantity,
  snapshotQuantityStates,
  unsellableOnHandStates,
} from './quantity-states.ts';
export {
  defaultDeltaReconcileSeconds,
  defaultFullReconcileSeconds,
  type ReconcileSchedule,
  type ReconcileScheduleInput,
  ReconcileScheduleSchema,
} from './reconcile-schedule.ts';
export {
  checkReplenishment,
  type ReplenishmentConfiguration,
  type ReplenishmentConfigurationInput,
  ReplenishmentConfigurationSchema,
  type ReplenishmentInput,
  type ReplenishmentOverride,
  ReplenishmentOverrideSchema,
  type ReplenishmentSuggestion,
  type ReplenishmentSupplier,
  ReplenishmentSupplierSchema,
  type ReplenishmentTerms,
  replenishesLocation,
  replenishmentTerms,
  suggestReplenishment,
} from './replenishment.ts';
export {
  type KitComponent,
  KitComponentSchema,
  type Sku,
  type SkuAlias,
  SkuAliasSchema,
  type SkuInput,
  SkuSchema,
  type UnitOfMeasure,
  UnitOfMeasureSchema,
} from './sku.ts';
export { fromConnectionUnits, toConnectionUnits, unitsPerConnectionUnit } from './unit-conversion.ts';
