import { mergeApplied, nothingApplied } from './applied-events.ts';
import type { ApplyBatchResult } from './apply-batch.ts';
import type { EngineContext } from './engine-context.ts';
import { type IngestRejection, ingestEvents } from './ingest-events.ts';
import { ingestOrderRecords, type OrderRecordResult } from './ingest-orders.ts';
import type { OrderFlow } from './order-flow.ts';
import type { ComputedChannelQuantity } from './project-skus.ts';
import type { RemoteRecord } from './reconcile.ts';
import type { ReconcileResult } from './reconcile-records.ts';
import type { Sale } from './sales.ts';

/** Everything one delivery brought, in one typed way in. */
export interface IngestBatch {
  /** The connection that delivered it (a webhook's, a poll's, a file's). */
  readonly connection: string;
  /** Canonical inventory events (the model's `InventoryEventSchema`); validated here. */
  readonly events?: readonly unknown[] | undefined;
  /** Order records without a location (the model's `OrderRecordSchema`), routed after the events are applied. */
  readonly orders?: readonly unknown[] | undefined;
  /** What the connection shows (a level webhook, a snapshot page): reconciled — an echo, or drift to heal. */
  readonly records?: readonly RemoteRecord[] | undefined;
}

export interface IngestResult extends Omit<ApplyBatchResult, 'rejections'> {
  /** Outcome per input event (undefined where it was rejected); the order records' own events are not here. */
  readonly outcomes: ApplyBatchResult['outcomes'];
  readonly rejections: readonly IngestRejection[];
  readonly orders: readonly OrderRecordResult[];
  readonly reconciliation?: ReconcileResult | undefined;
  /** The one definition of a sale (see `Sale`). */
  readonly sales: readonly Sale[];
  /** Channel quantities recomputed because of this batch. */
  readonly computed: readonly ComputedChannelQuantity[];
  /** Connections with something new to push. */
  readonly dirtyConnections: readonly string[];
  /** Wall time of the apply and projection stages (events and order records together; see `AppliedEvents`). */
  readonly stageSeconds: { readonly apply: number; readonly projection: number };
}

type Reconcile = (connection: string, records: readonly RemoteRecord[]) => Promise<ReconcileResult>;

/**
 * Events first (they may be the stock the orders route over), then order records, then what the remote shows.
 * Nothing in a batch throws for one bad input: each comes back as a typed rejection beside the others' results.
 */
export async function ingestBatch(
  context: EngineContext,
  flow: OrderFlow,
  reconcile: Reconcile,
  batch: IngestBatch,
): Promise<IngestResult> {
  const events = batch.events ?? [];
  const applied = events.length === 0 ? nothingApplied : await ingestEvents(context, events, batch.connection);
  const orders =
    (batch.orders ?? []).length === 0
      ? { orders: [], rejections: [], applied: nothingApplied }
      : await ingestOrderRecords(flow, batch.orders ?? [], batch.connection, context.options.maxOrderLines);
  const records = batch.records ?? [];
  const reconciliation = records.length === 0 ? undefined : await reconcile(batch.connection, records);
  const both = mergeApplied({ ...applied, rejections: [] }, orders.applied);
  const dirty = new Set(
    both.computed
      .flatMap((row) => (row.needsPush ? [context.channelById.get(row.channel)?.connection ?? []] : []))
      .flat(),
  );
  if ((reconciliation?.pushesScheduled ?? 0) > 0) dirty.add(batch.connection);
  if ((reconciliation?.snapshotsApplied ?? 0) > 0) {
    for (const connection of await connectionsWithDirtyEntries(context)) dirty.add(connection);
  }
  return {
    ...both,
    outcomes: applied.outcomes,
    rejections: [...applied.rejections, ...orders.rejections],
    orders: orders.orders,
    reconciliation,
    dirtyConnections: [...dirty].sort(),
  };
}

/** After an authority snapshot any connection may have moved: those with dirty entries are the ones to push. */
async function connectionsWithDirtyEntries(context: EngineContext): Promise<string[]> {
  const connections = [...new Set(context.channels.filter((c) => c.publish).map((channel) => channel.connection))];
  const counts = await Promise.all(
    connections.map((connection) => context.redis.zcard(context.keys.dirty(connection))),
  );
  return connections.filter((_, index) => (counts[index] ?? 0) > 0);
}
