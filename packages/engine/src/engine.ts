import type { InventoryEvent, Position, QuantitiesByState } from '@stockwire/model';
import { type CreateEngineInput, createEngineContext, type EngineContext } from './engine-context.ts';
import { type IngestBatch, type IngestResult, ingestBatch } from './ingest.ts';
import { type AppliedEvents, ingestEvents } from './ingest-events.ts';
import { createOrderFlow, type FulfillOrderRequest, type ReleaseOrderRequest } from './order-flow.ts';
import type { OrderDecision, OrderRequest } from './orders.ts';
import type { PushPlan } from './plan-push.ts';
import { type ComputedChannelQuantity, computeSku, projectSkus } from './project-skus.ts';
import { acknowledgeDirty, type DirtyEntry, planEntries, planPush, takeDirty } from './push-planning.ts';
import { type PushedRecord, recordPushed, recordRemote } from './push-records.ts';
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
  /** @deprecated use `ingest({ connection, events })`; an array is taken as events only. */
  ingest(events: readonly unknown[]): Promise<IngestResult>;
  /**
   * Takes up to `limit` dirty channel SKUs of a connection, recomputes each from current state, acknowledges those
   * already pushed, and returns the items to push with one idempotency key for the request. `dryRun` (shadow
   * mode) acknowledges nothing.
   */
  planPush(connection: string, limit: number, options?: { dryRun?: boolean | undefined }): Promise<PushPlan>;
  /** @deprecated use `planPush(connection, limit)`, which takes the dirty entries itself. */
  planPush(entries: ReadonlyArray<{ channel: string; sku: string }>): Promise<PushPlan>;
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
  /** @deprecated use `planPush(connection, limit)`. */
  takeDirty(connection: string, limit: number): Promise<DirtyEntry[]>;
  /** @deprecated use `settlePush` (or `planPush`, which acknowledges what was already pushed). */
  acknowledgeDirty(connection: string, entries: readonly DirtyEntry[]): Promise<number>;
  /** @deprecated use `settlePush`. */
  recordPushed(records: readonly PushedRecord[]): Promise<void>;
  /** @deprecated use `settlePush` (stale answers) or `ingest({ connection, records })` (what a remote shows). */
  recordRemote(
    observations: ReadonlyArray<{ channel: string; sku: string; quantity: number; observedAt: string }>,
  ): Promise<void>;
  /** @deprecated use `ingest({ connection, orders: [{ kind: 'order-placed', … }] })`. */
  placeOrder(order: OrderRequest): Promise<{ decision: OrderDecision; ingest: IngestResult }>;
  /**
   * @deprecated use `ingest({ connection, orders: [{ kind: 'order-released', … }] })`. Undefined when the order
   * is not placed yet: the release is remembered and applied when it is.
   */
  releaseOrder(request: ReleaseOrderRequest): Promise<IngestResult | undefined>;
  /**
   * @deprecated use `ingest({ connection, orders: [{ kind: 'order-fulfilled', … }] })`. Undefined when the order
   * is not placed yet: the fulfilment is remembered and applied when it is.
   */
  fulfillOrder(request: FulfillOrderRequest): Promise<IngestResult | undefined>;
}

/** An order method's events as a whole ingest result (for the deprecated order methods). */
function asIngestResult(context: EngineContext, applied: AppliedEvents): IngestResult {
  const dirty = new Set(
    applied.computed.flatMap((row) =>
      row.needsPush ? [context.channelById.get(row.channel)?.connection].filter((c) => c !== undefined) : [],
    ),
  );
  return { ...applied, orders: [], dirtyConnections: [...dirty].sort() };
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
  const orDeferred = (applied: AppliedEvents | undefined) =>
    applied === undefined ? undefined : asIngestResult(context, applied);
  const engine: Engine = {
    ingest: (batch: IngestBatch | readonly unknown[]) =>
      ingestBatch(
        context,
        flow,
        reconcile,
        Array.isArray(batch) ? { connection: '', events: batch } : (batch as IngestBatch),
      ),
    planPush: (
      first: string | ReadonlyArray<{ channel: string; sku: string }>,
      limit?: number,
      options?: { dryRun?: boolean | undefined },
    ) =>
      typeof first === 'string'
        ? planPush(context, first, limit ?? 100, options)
        : planEntries(context, context.channelById.get(first[0]?.channel ?? '')?.connection ?? '', first).then(
            (plan) => ({ ...plan, moreWaiting: false }),
          ),
    settlePush: (connection, plan, results) => settlePush(context, connection, plan, results),
    reconcile: (connection, records, options = {}) => reconcile(connection, records, options.dryRun === true),
    ...createReads(context),
    compute: (sku) => computeSku(context, sku),
    reproject: (skus) => projectSkus(context, skus),
    takeDirty: async (connection, limit) => (await takeDirty(context, connection, limit)).entries,
    acknowledgeDirty: async (connection, entries) =>
      entries.length === 0 ? 0 : (await acknowledgeDirty(context, connection, entries)).removed,
    recordPushed: (records) => recordPushed(context, records),
    recordRemote: (observations) => recordRemote(context, observations),
    orderDecision: flow.orderDecision,
    async placeOrder(order) {
      const placed = await flow.placeOrder(order);
      return { decision: placed.decision, ingest: asIngestResult(context, placed.ingest) };
    },
    releaseOrder: async (request) => orDeferred(await flow.releaseOrder(request)),
    fulfillOrder: async (request) => orDeferred(await flow.fulfillOrder(request)),
  };
  return engine;
}
