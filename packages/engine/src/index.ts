export type { ApplyBatchResult, EventOutcome } from './apply-batch.ts';
export {
  type ChannelSkuStatus,
  type CreateEngineInput,
  createEngine,
  type DirtyEntry,
  type Engine,
  type IngestResult,
  type PushedRecord,
  type ReconcileResult,
  type ReleaseOrderRequest,
} from './engine.ts';
export { type EngineOptions, EngineOptionsSchema, type ResolvedEngineOptions } from './engine-options.ts';
export type { RedisClient } from './engine-scripts.ts';
export type { EventRejection } from './event-rejection.ts';
export { createEngineKeys, type EngineKeys, type SkuKeys } from './keys.ts';
export { type OrderDecision, type OrderRequest, OrderRequestSchema, type Reservation } from './orders.ts';
export type { PlannedPush, PushPlan } from './plan-push.ts';
export type { ComputedChannelQuantity } from './project-skus.ts';
export type { Drift, DriftCause, RemoteRecord } from './reconcile.ts';
