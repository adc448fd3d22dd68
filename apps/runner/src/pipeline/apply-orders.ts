import type { ComputedChannelQuantity, IngestResult } from '@stockwire/engine';
import { ModelError, type OrderRecord, OrderRecordSchema } from '@stockwire/model';
import { recordSales } from '../alerts/activity-log.ts';
import type { ApplyJobData } from '../runtime/job-requests.ts';
import type { PipelineContext } from './pipeline-context.ts';

export interface OrdersSummary {
  /** Records the engine acted on (a redelivered one too: it simply holds nothing twice). */
  readonly handled: number;
  readonly rejected: number;
  /** Channel quantities the orders' holds moved, for the push that follows. */
  readonly computed: readonly ComputedChannelQuantity[];
}

const orderNotPlacedMarker = Symbol.for('stockwire.runner.order-not-placed');

/**
 * A release or fulfilment of one line of an order the engine has not routed yet (its `order-placed` is still on
 * its way). Retryable: the job backs off and tries again, and if the order never comes the record ends in the dead
 * letters rather than being dropped.
 */
export class OrderNotPlacedError extends Error {
  readonly [orderNotPlacedMarker] = true;
  readonly code = 'order_not_placed';
  readonly retryable = true;

  constructor(record: OrderRecord) {
    const line = 'lineReference' in record && record.lineReference !== undefined ? ` line ${record.lineReference}` : '';
    super(
      `${record.kind} for order ${record.orderReference}${line} from ${record.source} arrived before the order ` +
        'itself; it is retried until the order is placed',
    );
    this.name = 'OrderNotPlacedError';
  }

  static isInstance(value: unknown): value is OrderNotPlacedError {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[orderNotPlacedMarker] === true
    );
  }
}

/**
 * Orders whose shipping location the channel does not know: the engine routes each placement with the model's
 * rules and records the decision and its reason; releases and fulfilments act on exactly what that decision holds.
 * Each record is idempotent in the engine (keyed by source and order reference), so a redelivered job is harmless.
 */
export async function applyOrderRecords(
  context: PipelineContext,
  data: ApplyJobData,
  records: readonly unknown[],
): Promise<OrdersSummary> {
  const computed: ComputedChannelQuantity[] = [];
  let handled = 0;
  let rejected = 0;
  const reject = async (input: unknown, code: string, message: string) => {
    rejected++;
    const connection = sourceOf(input, data.connection);
    context.metrics.eventsRejected.inc({ connection, reason: code });
    await context.deadLetter({
      kind: 'event-rejected',
      connection,
      reason: message,
      error: { name: 'OrderRejection', code, retryable: false },
      payload: input,
      replay: {
        queue: 'apply',
        name: 'apply',
        data: { connection: data.connection, origin: 'replay', events: [input], receivedAt: data.receivedAt },
      },
    });
  };

  for (const input of records) {
    const parsed = OrderRecordSchema.safeParse(input);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(order)'}: ${issue.message}`);
      await reject(input, 'invalid', `not a valid canonical order record: ${details.join('; ')}`);
      continue;
    }
    const record = parsed.data;
    let ingest: IngestResult | undefined;
    try {
      ingest = await act(context, record);
    } catch (error) {
      if (!ModelError.isInstance(error)) throw error;
      await reject(input, 'unknown-reference', error.message);
      continue;
    }
    const refusal = ingest?.rejections[0];
    if (refusal !== undefined) {
      await reject(input, refusal.reason, `order ${record.orderReference}: ${refusal.message}`);
      continue;
    }
    handled++;
    // Counted as the reservation events the engine made of the record: a redelivered order shows as duplicates.
    for (const outcome of ingest?.outcomes ?? []) {
      if (outcome === 'applied') context.metrics.eventsApplied.inc({ connection: record.source });
      else if (outcome === 'duplicate') context.metrics.eventsDuplicate.inc({ connection: record.source });
    }
    computed.push(...(ingest?.computed ?? []));
  }
  return { handled, rejected, computed };
}

async function act(context: PipelineContext, record: OrderRecord): Promise<IngestResult | undefined> {
  const { engine, logger } = context;
  const order = { source: record.source, orderReference: record.orderReference, occurredAt: record.occurredAt };
  switch (record.kind) {
    case 'order-placed': {
      const { decision, ingest } = await engine.placeOrder({
        ...order,
        region: record.region,
        allowSplit: record.allowSplit,
        lines: record.lines,
      });
      logger.info(
        { connection: record.source, order: record.orderReference, allocations: decision.allocations },
        `order routed: ${decision.reason}`,
      );
      if (decision.unfilled.length > 0) {
        logger.warn(
          { connection: record.source, order: record.orderReference, unfilled: decision.unfilled },
          'order routed with lines no location could fill: the channel sold stock that is not there',
        );
      }
      // What the placement newly held is what the channel sold (a redelivery holds, and sells, nothing).
      const sold = decision.reservations.flatMap((reservation, index) =>
        ingest.outcomes[index] === 'applied'
          ? [
              {
                sku: reservation.sku,
                quantity: reservation.quantity,
                eventId: `order:${record.source}:${record.orderReference}:${reservation.lineReference}:${reservation.location}:${reservation.sku}`,
              },
            ]
          : [],
      );
      await recordSales(context, sold);
      return ingest;
    }
    case 'order-released': {
      const ingest = await engine.releaseOrder({
        ...order,
        reason: record.reason,
        lineReference: record.lineReference,
      });
      // Undefined for a whole order: the engine remembered the release, and the order will hold nothing.
      if (ingest === undefined && record.lineReference !== undefined) throw new OrderNotPlacedError(record);
      return ingest;
    }
    case 'order-fulfilled': {
      const ingest = await engine.fulfillOrder({ ...order, lineReference: record.lineReference });
      if (ingest === undefined) throw new OrderNotPlacedError(record);
      return ingest;
    }
  }
}

function sourceOf(record: unknown, fallback: string): string {
  const source = (record as { source?: unknown } | null)?.source;
  return typeof source === 'string' && source.length > 0 ? source : fallback;
}
