import type { InventoryEvent, Position, QuantitiesByState } from '@stockwire/model';
import { recordPushLatency } from './demand.ts';
import { type CreateEngineInput, createEngineContext } from './engine-context.ts';
import { type IngestBatch, type IngestResult, ingestBatch } from './ingest.ts';
import { ingestEvents } from './ingest-events.ts';
import { type SalesWindow, unitsSoldByLocation } from './location-sales.ts';
import { createOrderFlow } from './order-flow.ts';
import type { OrderDecision } from './orders.ts';
import type { PushPlan } from './plan-push.ts';
import { type ComputedChannelQuantity, computeSku, projectSkus } from './project-skus.ts';
import { planPush } from './push-planning.ts';
import { type ChannelSkuStatus, createReads, type LedgerEntry } from './reads.ts';
import type { Drift, RemoteRecord } from './reconcile.ts';
import { type ReconcileResult, reconcileRecords } from './reconcile-records.ts';
import { type PushItemOutcome, type PushSettlement, settlePush } from './settle-push.ts';

export type { CreateEngineInput } from './engine-context.ts';

export interface Engine {
  /**
   * The one way in: events, order records and records of what a remote shows, from one connection. Events are
   * applied first (atomically per SKU), then orders are routed, then records reconciled; see `IngestResult`.
   */
  ingest(batch: IngestBatch): Promise<IngestResult>;
  /**
   * Takes up to `limit` dirty channel SKUs of a connection, recomputes each from current state, acknowledges those
   * already pushed, and returns the items to push with one idempotency key for the request. `dryRun` (shadow
   * mode: the plan is reported, never pushed) acknowledges every entry it took and records no push.
   */
  planPush(connection: string, limit: number, options?: { dryRun?: boolean | undefined }): Promise<PushPlan>;
  /** What the connector's results mean, settled atomically per hash slot (see `PushSettlement`). */
  settlePush(connection: string, plan: PushPlan, results: readonly PushItemOutcome[]): Promise<PushSettlement>;
  /**
   * Compares a connection's records (canonical units) with state, atomically per SKU. Authority states become
   * snapshot events; a follower's `available` is converted to the connection's unit and compared with what we
   * pushed. Records observed before what we already know change nothing.
   */
  reconcile(
    connection: string,
    records: readonly RemoteRecord[],
    options?: { dryRun?: boolean | undefined },
  ): Promise<ReconcileResult>;
  /** Current quantities by state of a SKU at a location (zeros when never seen). */
  quantities(sku: string, location: string): Promise<QuantitiesByState>;
  position(sku: string, location: string): Promise<Position | undefined>;
  /** Recomputes a SKU's channel quantities from current state without storing them (previews). */
  compute(sku: string): Promise<ComputedChannelQuantity[]>;
  /** Recomputes, stores and marks dirty (after configuration changes, and by a replayed push). */
  reproject(skus: Iterable<string>): Promise<ComputedChannelQuantity[]>;
  dirtyCount(connection: string): Promise<number>;
  status(sku: string, channel: string): Promise<ChannelSkuStatus>;
  orderDecision(source: string, orderReference: string): Promise<OrderDecision | undefined>;
  /** Open drifts, oldest first. */
  drifts(limit?: number): Promise<Drift[]>;
  /** The newest movements of a SKU: which system sent the last valid update, and when. */
  ledger(sku: string, limit?: number): Promise<LedgerEntry[]>;
  /** Units of a SKU sold at each location within the window, from its ledger (see `unitsSoldByLocation`). */
  unitsSoldByLocation(sku: string, window: SalesWindow): Promise<ReadonlyMap<string, number>>;
  /** Records one measured event-to-push latency of a connection; a no-op unless one of its channels uses a dynamic buffer. */
  recordPushLatency(connection: string, seconds: number): Promise<void>;
}

/** Assembles the engine from its parts; every rule lives in the part named after it. */
export function createEngine(input: CreateEngineInput): Engine {
  const context = createEngineContext(input);
  const events = (list: readonly unknown[]) => ingestEvents(context, list);
  const flow = createOrderFlow(context, events);
  const reconcile = (connection: string, records: readonly RemoteRecord[], dryRun = false) =>
    reconcileRecords(context, connection, records, dryRun, (snapshots: readonly InventoryEvent[]) =>
      ingestEvents(context, snapshots, connection),
    );
  const engine: Engine = {
    ingest: (batch) => ingestBatch(context, flow, reconcile, batch),
    planPush: (connection, limit, options) => planPush(context, connection, limit, options),
    settlePush: (connection, plan, results) => settlePush(context, connection, plan, results),
    reconcile: (connection, records, options = {}) => reconcile(connection, records, options.dryRun === true),
    ...createReads(context),
    compute: (sku) => computeSku(context, sku),
    reproject: (skus) => projectSkus(context, skus),
    orderDecision: flow.orderDecision,
    unitsSoldByLocation: (sku, window) => unitsSoldByLocation(context, sku, window),
    recordPushLatency: (connection, seconds) => recordPushLatency(context, connection, seconds),
  };
  return engine;
}
