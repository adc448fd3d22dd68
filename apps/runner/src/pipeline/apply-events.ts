import type { IngestResult } from '@stockwire/engine';
import { recordSales } from '../alerts/activity-log.ts';
import type { ApplyJobData } from '../jobs/job-requests.ts';
import type { PipelineContext } from '../jobs/pipeline-context.ts';
import { notePushContributor } from '../observability/push-trace-links.ts';
import { traced } from '../observability/tracing.ts';
import { deadLetterRejections } from './ingest-rejections.ts';
import { markPendingSince } from './pending-since.ts';

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

/**
 * Hands one delivery to the engine in one call (events, order records and records of what the remote shows; the
 * engine decides everything: validity, authority, dedupe, routing, sales, projections, dirty marks), parks its
 * rejections in the dead letters, and offers a push to every connection the engine says has something new.
 */
export async function applyEvents(context: PipelineContext, data: ApplyJobData): Promise<ApplySummary> {
  const attributes = { 'stockwire.connection': data.connection, 'stockwire.origin': data.origin };
  return await traced(context.tracing, 'apply', { attributes }, async (span) => {
    const summary = await ingestAndOffer(context, data);
    span?.setAttributes({
      'stockwire.received': summary.received,
      'stockwire.applied': summary.applied,
      'stockwire.duplicates': summary.duplicates,
      'stockwire.rejected': summary.rejected,
    });
    return summary;
  });
}

async function ingestAndOffer(context: PipelineContext, data: ApplyJobData): Promise<ApplySummary> {
  const { metrics, engine } = context;
  const events = data.events ?? [];
  const received = events.length + (data.orders?.length ?? 0) + (data.records?.length ?? 0);
  metrics.eventsReceived.inc({ connection: data.connection, origin: data.origin }, received);
  const result = await engine.ingest({
    connection: data.connection,
    events,
    orders: data.orders ?? [],
    records: data.records ?? [],
  });
  const counts = countOutcomes(context, data, result);
  logOrders(context, result);
  await recordSales(context, result.sales);
  await deadLetterRejections(context, data, result.rejections);
  for (const drift of result.reconciliation?.drifts ?? []) {
    metrics.driftsFound.inc({ connection: data.connection, cause: drift.cause });
  }
  await markPendingSince(context, result.computed, data.receivedAt);
  await enqueueFlushes(context, result.dirtyConnections);
  return { received, ...counts, rejected: result.rejections.length };
}

/** Metrics per outcome: the events' own, and the reservation events the order records became. */
function countOutcomes(context: PipelineContext, data: ApplyJobData, result: IngestResult) {
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

async function enqueueFlushes(context: PipelineContext, connections: readonly string[]): Promise<void> {
  // The apply span's context, for the push it leads to to link back to (see push-trace-links.ts).
  const carrier = context.tracing?.currentCarrier();
  for (const connection of connections) {
    if (context.connections.get(connection)?.connector.push === undefined) continue;
    // Noted before the flush is offered, so the flush that pushes these changes finds it.
    if (carrier !== undefined)
      await notePushContributor(context.redis, context.keys.pushTraceLinks(connection), carrier);
    await context.enqueue({ queue: 'push', name: 'flush', data: { connection } });
  }
}
