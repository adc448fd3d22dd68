import { isOrderRecordLike } from '@stockwire/model';
import { recordSales } from '../alerts/activity-log.ts';
import { salesOf } from '../alerts/sales-of-events.ts';
import type { ApplyJobData } from '../runtime/job-requests.ts';
import { applyOrderRecords } from './apply-orders.ts';
import { markPendingSince } from './pending-since.ts';
import type { PipelineContext } from './pipeline-context.ts';

export interface ApplySummary {
  readonly received: number;
  readonly applied: number;
  readonly duplicates: number;
  readonly superseded: number;
  readonly rejected: number;
}

/** The `source` an event names, when it names one, for labels and dead letters. */
function sourceOf(event: unknown, fallback: string): string {
  const source = (event as { source?: unknown } | null)?.source;
  return typeof source === 'string' && source.length > 0 ? source : fallback;
}

/**
 * Hands events to the engine (which decides everything: validity, authority, dedupe, order, projections, dirty
 * marks), parks its rejections in the dead letters, and offers a push to every connection whose channels moved.
 */
export async function applyEvents(context: PipelineContext, data: ApplyJobData): Promise<ApplySummary> {
  const { metrics } = context;
  metrics.eventsReceived.inc({ connection: data.connection, origin: data.origin }, data.events.length);
  // Orders without a location are routed by the engine after the events (which may be the stock they route over).
  const events = data.events.filter((item) => !isOrderRecordLike(item));
  const orderRecords = data.events.filter(isOrderRecordLike);
  const result = await context.engine.ingest(events);

  const counts = { applied: 0, duplicates: 0, superseded: 0 };
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

  await recordSales(context, salesOf(events, result.outcomes));

  for (const rejection of result.rejections) {
    const connection = sourceOf(rejection.input, data.connection);
    metrics.eventsRejected.inc({ connection, reason: rejection.reason });
    await context.deadLetter({
      kind: 'event-rejected',
      connection,
      reason: rejection.message,
      error: { name: 'EventRejection', code: rejection.reason, retryable: false },
      payload: rejection.input,
      replay: {
        queue: 'apply',
        name: 'apply',
        data: { connection: data.connection, origin: 'replay', events: [rejection.input], receivedAt: data.receivedAt },
      },
    });
  }

  const orders =
    orderRecords.length === 0
      ? { handled: 0, rejected: 0, computed: [] }
      : await applyOrderRecords(context, data, orderRecords);
  counts.applied += orders.handled;

  const computed = [...result.computed, ...orders.computed];
  await markPendingSince(context, computed, data.receivedAt);
  const connections = new Set(computed.flatMap((row) => context.channelConnections.get(row.channel) ?? []));
  for (const connection of connections) {
    if (context.connections.get(connection)?.connector.push === undefined) continue;
    await context.enqueue({ queue: 'push', name: 'flush', data: { connection } });
  }
  return { received: data.events.length, ...counts, rejected: result.rejections.length + orders.rejected };
}
