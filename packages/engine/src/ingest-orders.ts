import { ModelError, type OrderRecord, OrderRecordSchema } from '@stockwire/model';
import { mergeApplied, nothingApplied } from './applied-events.ts';
import type { EventOutcome } from './apply-batch.ts';
import { type AppliedEvents, type IngestRejection, sourceOf } from './ingest-events.ts';
import type { OrderFlow } from './order-flow.ts';
import type { OrderDecision } from './orders.ts';

/**
 * - `placed`, `released`, `fulfilled`: the engine acted on the record (a redelivery too: it holds nothing twice).
 * - `waiting-for-order`: a release or fulfilment that came before its order, kept and applied when it is placed.
 * - `rejected`: see the batch's rejections.
 */
export type OrderRecordOutcome = 'placed' | 'released' | 'fulfilled' | 'waiting-for-order' | 'rejected';

export interface OrderRecordResult {
  readonly record: OrderRecord;
  readonly outcome: OrderRecordOutcome;
  /** The routing decision the record acted on (for a placement: the first one made for this order). */
  readonly decision?: OrderDecision | undefined;
  /** Outcomes of the reservation events the record became (a redelivered placement: all `duplicate`). */
  readonly eventOutcomes: readonly (EventOutcome | undefined)[];
}

export interface AppliedOrders {
  readonly orders: readonly OrderRecordResult[];
  readonly rejections: readonly IngestRejection[];
  /** The reservation events the records became, applied (their outcomes, computed rows and sales). */
  readonly applied: AppliedEvents;
}

async function act(
  flow: OrderFlow,
  record: OrderRecord,
): Promise<{ outcome: OrderRecordOutcome; applied?: AppliedEvents | undefined; decision?: OrderDecision }> {
  const order = { source: record.source, orderReference: record.orderReference, occurredAt: record.occurredAt };
  switch (record.kind) {
    case 'order-placed': {
      const placed = await flow.placeOrder({
        ...order,
        region: record.region,
        allowSplit: record.allowSplit,
        lines: record.lines,
      });
      return { outcome: 'placed', applied: placed.ingest, decision: placed.decision };
    }
    case 'order-released': {
      const applied = await flow.releaseOrder({
        ...order,
        reason: record.reason,
        lineReference: record.lineReference,
        quantity: record.quantity,
        changeReference: record.changeReference,
      });
      return { outcome: applied === undefined ? 'waiting-for-order' : 'released', applied };
    }
    case 'order-fulfilled': {
      const applied = await flow.fulfillOrder({
        ...order,
        lineReference: record.lineReference,
        quantity: record.quantity,
        changeReference: record.changeReference,
      });
      return { outcome: applied === undefined ? 'waiting-for-order' : 'fulfilled', applied };
    }
  }
}

function rejection(
  input: unknown,
  index: number,
  deliveredBy: string,
  reason: 'invalid' | 'unknown-reference' | 'too-many-lines',
  message: string,
): IngestRejection {
  return { kind: 'order', reason, index, input, message, source: sourceOf(input, deliveredBy), retryable: false };
}

/**
 * A quantity ends part of one line, so it needs the line; and only the channel's change id tells a second partial
 * change from a redelivery of the first, so it needs that too (without it, two cancels of one unit would release one).
 */
function partialEndProblem(record: OrderRecord): string | undefined {
  if (record.kind === 'order-placed' || record.quantity === undefined) return undefined;
  const what = record.kind === 'order-released' ? 'release' : 'fulfilment';
  if (record.lineReference === undefined) return `a ${what} of ${record.quantity} units must name its lineReference`;
  if (record.changeReference === undefined) {
    return `a ${what} of ${record.quantity} units of line ${record.lineReference} must carry a changeReference (the channel's id of the change), so a redelivery is not taken for a second change`;
  }
  return undefined;
}

/**
 * Order records (the model's `OrderRecordSchema`), one after the other: each is validated, routed or matched to
 * its order's decision, and turned into reservation events. A record the engine cannot use is a rejection, never
 * a thrown error, so the rest of the batch goes on.
 */
export async function ingestOrderRecords(
  flow: OrderFlow,
  inputs: readonly unknown[],
  deliveredBy: string,
  maxOrderLines: number,
): Promise<AppliedOrders> {
  const orders: OrderRecordResult[] = [];
  const rejections: IngestRejection[] = [];
  let applied = nothingApplied;
  for (const [index, input] of inputs.entries()) {
    const parsed = OrderRecordSchema.safeParse(input);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(order)'}: ${issue.message}`);
      const message = `order record ${index} is not a valid canonical order record: ${details.join('; ')}`;
      rejections.push(rejection(input, index, deliveredBy, 'invalid', message));
      continue;
    }
    const record = parsed.data;
    const partialProblem = partialEndProblem(record);
    if (partialProblem !== undefined) {
      const message = `order ${record.orderReference}: ${partialProblem}`;
      rejections.push(rejection(input, index, deliveredBy, 'invalid', message));
      orders.push({ record, outcome: 'rejected', eventOutcomes: [] });
      continue;
    }
    if (record.kind === 'order-placed' && record.lines.length > maxOrderLines) {
      const message =
        `order ${record.orderReference} has ${record.lines.length} lines, more than the engine's maxOrderLines ` +
        `(${maxOrderLines}); nothing of it was held: split the order or raise maxOrderLines`;
      rejections.push(rejection(input, index, deliveredBy, 'too-many-lines', message));
      orders.push({ record, outcome: 'rejected', eventOutcomes: [] });
      continue;
    }
    try {
      const acted = await act(flow, record);
      // What did apply counts (its projections and sales) even when a part of the record was refused.
      if (acted.applied !== undefined) applied = mergeApplied(applied, { ...acted.applied, rejections: [] });
      const refusal = acted.applied?.rejections[0];
      if (refusal !== undefined) {
        const message = `order ${record.orderReference}: ${refusal.message}`;
        rejections.push({ ...refusal, kind: 'order', index, input, message });
        orders.push({
          record,
          outcome: 'rejected',
          decision: acted.decision,
          eventOutcomes: acted.applied?.outcomes ?? [],
        });
        continue;
      }
      orders.push({
        record,
        outcome: acted.outcome,
        decision: acted.decision,
        eventOutcomes: acted.applied?.outcomes ?? [],
      });
    } catch (error) {
      if (!ModelError.isInstance(error)) throw error;
      rejections.push(rejection(input, index, deliveredBy, 'unknown-reference', error.message));
      orders.push({ record, outcome: 'rejected', eventOutcomes: [] });
    }
  }
  return { orders, rejections, applied };
}
