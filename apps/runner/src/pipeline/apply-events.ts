import type { IngestResult } from '@stockwire/engine';
import { recordSales } from '../alerts/activity-log.ts';
import type { ApplyJobData } from '../jobs/job-requests.ts';
import type { PipelineContext } from '../jobs/pipeline-context.ts';
import { notePushContributor } from '../observability/push-trace-links.ts';
import { type TraceCarrier, traced } from '../observability/tracing.ts';
import { type Coalescer, createCoalescer } from './apply-coalescing.ts';
import { deadLetterRejections } from './ingest-rejections.ts';
import { markPendingSince } from './pending-since.ts';
import { uncountPollPage } from './poll-backpressure.ts';

export interface ApplySummary {
  readonly received: number;
  readonly applied: number;
  readonly duplicates: number;
  readonly superseded: number;
  readonly rejected: number;
}

/** The `source` an event names, when it names one, for labels. */
function sourceOf(event: unknown, fallback: string): string {
  const source = (event as { source?: unknown } | null)?.source;
  return typeof source === 'string' && source.length > 0 ? source : fallback;
}

/** A delivery and the trace it is applied in (its flush links back to it). */
interface Delivery {
  readonly data: ApplyJobData;
  readonly carrier: TraceCarrier | undefined;
}

/**
 * Deliveries of events alone under this size share engine calls with others arriving meanwhile
 * (apply-coalescing.ts); larger ones are a batch already, and order records and remote records go alone.
 */
export const coalescedDeliveryMaximumEvents = 100;

/** At most this many events in one shared engine call (the engine's own per-call bound is 500 events per SKU). */
export const coalescedCallMaximumEvents = 500;

/**
 * Engine calls of one connection's large deliveries (poll pages, order records, remote records) at once, each alone.
 * The apply queue takes many jobs at once (`concurrency.apply`, 64 by default) so that small deliveries can share
 * calls; without this gate as many 500-event pages would be applied at once, each holding its events and its Redis
 * commands in memory. Eight is what the queue's concurrency was before.
 */
export const largeDeliveriesInFlight = 8;

type Lane = 'shared' | 'alone';

/** Per runner context, per connection and lane (the engine call is per connection: authority is decided by it). */
const coalescers = new WeakMap<PipelineContext, Map<string, Coalescer<Delivery, ApplySummary>>>();

function coalescerOf(context: PipelineContext, connection: string, lane: Lane): Coalescer<Delivery, ApplySummary> {
  const byLane = coalescers.get(context) ?? new Map<string, Coalescer<Delivery, ApplySummary>>();
  coalescers.set(context, byLane);
  const key = `${lane} ${connection}`;
  let coalescer = byLane.get(key);
  if (coalescer === undefined) {
    coalescer = createCoalescer<Delivery, ApplySummary>(
      lane === 'shared'
        ? { maximumInFlight: 2, maximumSize: coalescedCallMaximumEvents, sizeOf: eventCount, run: ingestWith(context) }
        : // Each delivery counts as the whole of a call: each call carries exactly one.
          { maximumInFlight: largeDeliveriesInFlight, maximumSize: 1, sizeOf: () => 1, run: ingestWith(context) },
    );
    byLane.set(key, coalescer);
  }
  return coalescer;
}

/** Inputs a delivery brings: events, order records and remote records. */
const receivedIn = (data: ApplyJobData) =>
  (data.events?.length ?? 0) + (data.orders?.length ?? 0) + (data.records?.length ?? 0);
const eventCount = (delivery: Delivery) => delivery.data.events?.length ?? 0;
const ingestWith = (context: PipelineContext) => (deliveries: readonly Delivery[]) =>
  ingestAndOffer(context, deliveries);

function coalescable(data: ApplyJobData): boolean {
  const events = data.events?.length ?? 0;
  return events > 0 && events < coalescedDeliveryMaximumEvents && !data.orders?.length && !data.records?.length;
}

/**
 * Hands a delivery to the engine (events, order records and records of what the remote shows; the engine decides
 * everything: validity, authority, dedupe, routing, sales, projections, dirty marks), parks its rejections in the
 * dead letters, and offers a push to every connection the engine says has something new. Small deliveries of events
 * of one connection arriving together share one engine call and one offer per connection (apply-coalescing.ts).
 */
export async function applyEvents(context: PipelineContext, data: ApplyJobData): Promise<ApplySummary> {
  const attributes = { 'stockwire.connection': data.connection, 'stockwire.origin': data.origin };
  return await traced(context.tracing, 'apply', { attributes }, async (span) => {
    const delivery = { data, carrier: context.tracing?.currentCarrier() };
    const lane = coalescable(data) ? 'shared' : 'alone';
    let summary: ApplySummary;
    try {
      summary = await coalescerOf(context, data.connection, lane).submit(delivery);
    } finally {
      // Run, applied or not: a polled page stops counting against its connection's read-ahead (poll-backpressure.ts).
      await uncountPollPage(context, data);
    }
    span?.setAttributes({
      'stockwire.received': summary.received,
      'stockwire.applied': summary.applied,
      'stockwire.duplicates': summary.duplicates,
      'stockwire.rejected': summary.rejected,
    });
    return summary;
  });
}

/**
 * One engine call for the deliveries (one, or several small ones of events alone through one connection), then
 * per delivery its metrics and dead letters, and for them all the sales, pending marks and push offers.
 */
async function ingestAndOffer(context: PipelineContext, deliveries: readonly Delivery[]): Promise<ApplySummary[]> {
  const { metrics, engine } = context;
  const [first] = deliveries;
  if (first === undefined) return [];
  const { connection } = first.data;
  for (const { data } of deliveries) metrics.eventsReceived.inc({ connection, origin: data.origin }, receivedIn(data));
  const alone = deliveries.length === 1;
  // Only events are joined: order records and remote records are never merged into another delivery's call.
  if (!alone && deliveries.some(({ data }) => (data.orders?.length ?? 0) + (data.records?.length ?? 0) > 0)) {
    throw new Error('order or remote records cannot share an engine call with another delivery');
  }
  metrics.applyDeliveriesPerCall.observe({ connection }, deliveries.length);
  const result = await engine.ingest({
    connection,
    events: alone ? (first.data.events ?? []) : deliveries.flatMap(({ data }) => data.events ?? []),
    orders: alone ? (first.data.orders ?? []) : [],
    records: alone ? (first.data.records ?? []) : [],
  });
  // The engine call's own stages, beside the job's whole ingest (queue-wait and ingest, job-workers.ts).
  metrics.pushStageSeconds.observe({ connection, stage: 'apply' }, result.stageSeconds.apply);
  metrics.pushStageSeconds.observe({ connection, stage: 'projection' }, result.stageSeconds.projection);
  logOrders(context, result);
  await recordSales(context, result.sales);
  for (const drift of result.reconciliation?.drifts ?? []) {
    metrics.driftsFound.inc({ connection, cause: drift.cause });
  }
  const summaries: ApplySummary[] = [];
  let offset = 0;
  for (const { data } of deliveries) {
    const count = data.events?.length ?? 0;
    const end = offset + count;
    const mine = alone
      ? result
      : {
          outcomes: result.outcomes.slice(offset, end),
          orders: [],
          // An event's rejection carries its index in the shared call: the delivery is the one whose range holds it.
          rejections: result.rejections.filter((rejection) => rejection.index >= offset && rejection.index < end),
        };
    const counts = countOutcomes(context, data, mine);
    await deadLetterRejections(context, data, mine.rejections);
    summaries.push({ received: receivedIn(data), ...counts, rejected: mine.rejections.length });
    offset = end;
  }
  // The earliest arrival: a change is pending since the first delivery that could have brought it.
  await markPendingSince(context, result.computed, Math.min(...deliveries.map(({ data }) => data.receivedAt)));
  await enqueueFlushes(context, result.dirtyConnections, deliveries);
  return summaries;
}

/** Metrics per outcome: the events' own, and the reservation events the order records became. */
function countOutcomes(
  context: PipelineContext,
  data: ApplyJobData,
  result: Pick<IngestResult, 'outcomes' | 'orders'>,
) {
  const { metrics } = context;
  const counts = { applied: 0, duplicates: 0, superseded: 0 };
  const events = data.events ?? [];
  result.outcomes.forEach((outcome, index) => {
    const labels = { connection: sourceOf(events[index], data.connection) };
    if (outcome === 'applied') {
      counts.applied++;
      metrics.eventsApplied.inc(labels);
    } else if (outcome === 'duplicate') {
      counts.duplicates++;
      metrics.eventsDuplicate.inc(labels);
    } else if (outcome === 'superseded') {
      counts.superseded++;
      metrics.eventsSuperseded.inc(labels);
    }
  });
  for (const order of result.orders) {
    if (order.outcome === 'rejected') continue;
    // A record the engine acted on (a redelivered one too: it simply holds nothing twice) or remembered.
    counts.applied++;
    const labels = { connection: order.record.source };
    for (const outcome of order.eventOutcomes) {
      if (outcome === 'applied') metrics.eventsApplied.inc(labels);
      else if (outcome === 'duplicate') metrics.eventsDuplicate.inc(labels);
    }
  }
  return counts;
}

function logOrders(context: PipelineContext, result: IngestResult): void {
  for (const { record, outcome, decision } of result.orders) {
    if (outcome !== 'placed' || decision === undefined) continue;
    const fields = { connection: record.source, order: record.orderReference };
    context.logger.info({ ...fields, allocations: decision.allocations }, `order routed: ${decision.reason}`);
    if (decision.unfilled.length > 0) {
      context.logger.warn(
        { ...fields, unfilled: decision.unfilled },
        'order routed with lines no location could fill: the channel sold stock that is not there',
      );
    }
  }
}

async function enqueueFlushes(
  context: PipelineContext,
  connections: readonly string[],
  deliveries: readonly Delivery[],
): Promise<void> {
  for (const connection of connections) {
    if (context.connections.get(connection)?.connector.push === undefined) continue;
    // Each apply span's context, for the push it leads to to link back to (see push-trace-links.ts); noted before
    // the flush is offered, so the flush that pushes these changes finds them.
    for (const { carrier } of deliveries) {
      if (carrier !== undefined)
        await notePushContributor(context.redis, context.keys.pushTraceLinks(connection), carrier);
    }
    await context.enqueue({ queue: 'push', name: 'flush', data: { connection } });
  }
}
