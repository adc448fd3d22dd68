import { type ConnectorV2, type PushResultV2, supports } from '@stockwire/connector-spec';
import type { PushPlan, PushSettlement } from '@stockwire/engine';
import { recordCall } from '../alerts/activity-log.ts';
import { describeDeadLetterError } from '../jobs/dead-letter.ts';
import { waitToFillMs } from '../jobs/flush-pacing.ts';
import { connectionRuntime, type PipelineContext } from '../jobs/pipeline-context.ts';
import { recordConnectorCall } from '../observability/connector-calls.ts';
import { askLimiter } from './ask-limiter.ts';
import { reportShadowPlan } from './flush-shadow.ts';
import { clearPendingSince, observePushed } from './pending-since.ts';
import { batchesForFlush, splitPlan } from './push-batches.ts';
import { inPushSpan } from './push-span.ts';

export interface FlushSummary {
  readonly taken: number;
  readonly alreadyPushed: number;
  readonly written: number;
  readonly unchanged: number;
  /** Left dirty for a later flush: stale compare-and-set, retryable item failures, unanswered items. */
  readonly deferred: number;
  readonly deadLettered: number;
}

/** How a flush job lets a bulk batch fill (a connector's `push.fill`): when it was offered, and how it sleeps. */
export interface FlushFilling {
  readonly offeredAt: number;
  readonly hold: (waitMs: number) => Promise<never>;
}

const nothing: FlushSummary = { taken: 0, alreadyPushed: 0, written: 0, unchanged: 0, deferred: 0, deadLettered: 0 };

/**
 * One flush of a connection, wiring only: the engine plans up to the connector's batch size from current state
 * (with the request's idempotency key), or several batches while the connection's bucket has room for them
 * (push-batches.ts), the shared limiter is asked, one call is made per batch, and the engine settles what the
 * answers mean. Refused items go to the dead letters; a flush is enqueued again when the engine says items are
 * still dirty (after a delay when some were deferred, at once when more were waiting). `wait` ends this run and
 * resumes the job after the limiter's wait. In shadow mode the plan is reported instead of pushed.
 *
 * A connector that declares a fill window (`push.fill`, Amazon's feeds) has a plan of bulk size but short of a full
 * batch held (`filling.hold`) until the window after the flush was offered, so changes arriving meanwhile join the
 * same bulk call. The decision is made on the plan itself, not on a count read before it: changes landing between
 * the two would otherwise go out as a bulk call of their own.
 */
export async function flushConnection(
  context: PipelineContext,
  connection: string,
  wait: (waitMs: number) => Promise<never>,
  filling: FlushFilling,
): Promise<FlushSummary> {
  const runtime = connectionRuntime(context, connection);
  const { connector } = runtime;
  if (!supports(connector, 'push')) return nothing;
  const batchSize = connector.push.maxBatchSize;
  if (context.options.shadow) {
    const plan = await context.engine.planPush(connection, batchSize, { dryRun: true });
    await reportShadowPlan(context, connection, plan);
    if (plan.moreWaiting) await enqueueFlush(context, connection, 0);
    return {
      ...nothing,
      taken: plan.items.length + plan.alreadyPushed.length,
      alreadyPushed: plan.alreadyPushed.length,
    };
  }
  const batches = await batchesForFlush(runtime);
  const plan = await context.engine.planPush(connection, batchSize * batches);
  await clearPendingSince(context, connection, plan.alreadyPushed);
  const summary = {
    ...nothing,
    taken: plan.items.length + plan.alreadyPushed.length,
    alreadyPushed: plan.alreadyPushed.length,
  };
  if (plan.items.length === 0) {
    if (plan.moreWaiting) await enqueueFlush(context, connection, 0);
    return summary;
  }
  const fillMs = waitToFillMs({
    fill: connector.push.fill,
    waitedMs: Date.now() - filling.offeredAt,
    // More waiting behind this take means a full batch is there to go.
    waiting: plan.moreWaiting ? batchSize : plan.items.length,
    batchSize,
  });
  // Planning acknowledged only what was already pushed: the held items stay dirty for the resumed run.
  if (fillMs > 0) return await filling.hold(fillMs);
  // A refused permit leaves the plan's items dirty (planning acknowledged only what was already pushed).
  const permit = await askLimiter(runtime, 'pushQuantities');
  if (!permit.granted) return await wait(permit.waitMs);
  let settlement: PushSettlement;
  try {
    settlement = await pushParts(context, connection, connector.push, splitPlan(plan, batchSize));
  } finally {
    await permit.release();
  }
  await deadLetterRefused(context, connection, settlement);
  const deferred = settlement.stale + settlement.deferred;
  // Items an answer held (retryAfterMs: Amazon SKUs in an unprocessed feed) are left out of every plan until the
  // hold ends; a sweep is offered for then. The retry delay is only for the other deferred items: a flush after it
  // would find the held ones still held.
  if (settlement.heldUntilMs !== undefined) await offerSweep(context, settlement.heldUntilMs - context.now());
  if (deferred > settlement.held) await enqueueFlush(context, connection, context.options.pushRetryDelayMs);
  // More waiting behind a full batch fills the next one without waiting: the debounce would only slow a backlog.
  else if (settlement.moreWaiting || plan.moreWaiting) await enqueueFlush(context, connection, 0);
  return {
    ...summary,
    written: settlement.written,
    unchanged: settlement.unchanged,
    deferred,
    deadLettered: settlement.refused.length,
  };
}

/**
 * The parts of a plan, one connector call each, all at once (the connector's limiter spaces its own calls), each
 * settled as soon as it is answered. A part that throws leaves its items dirty; the others are settled and
 * dead-lettered first, then the first error is thrown for the job's failure policy (a "too fast" delays the job).
 */
async function pushParts(
  context: PipelineContext,
  connection: string,
  push: NonNullable<ConnectorV2['push']>,
  parts: readonly PushPlan[],
): Promise<PushSettlement> {
  const outcomes = await Promise.allSettled(
    parts.map((part) => inPushSpan(context, connection, part, () => pushAndSettle(context, connection, push, part))),
  );
  const settlements = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure === undefined) return combine(settlements);
  const settled = combine(settlements);
  await deadLetterRefused(context, connection, settled);
  if (settled.heldUntilMs !== undefined) await offerSweep(context, settled.heldUntilMs - context.now());
  throw failure.reason;
}

function combine(settlements: readonly PushSettlement[]): PushSettlement {
  const [only] = settlements;
  if (settlements.length === 1 && only !== undefined) return only;
  return {
    written: settlements.reduce((sum, part) => sum + part.written, 0),
    unchanged: settlements.reduce((sum, part) => sum + part.unchanged, 0),
    stale: settlements.reduce((sum, part) => sum + part.stale, 0),
    deferred: settlements.reduce((sum, part) => sum + part.deferred, 0),
    refused: settlements.flatMap((part) => part.refused),
    settled: settlements.flatMap((part) => part.settled),
    moreWaiting: settlements.some((part) => part.moreWaiting),
    held: settlements.reduce((sum, part) => sum + part.held, 0),
    ...heldUntil(settlements),
  };
}

function heldUntil(settlements: readonly PushSettlement[]): { heldUntilMs?: number } {
  const ends = settlements.flatMap((part) => (part.heldUntilMs === undefined ? [] : [part.heldUntilMs]));
  return ends.length === 0 ? {} : { heldUntilMs: Math.min(...ends) };
}

/** The one connector call of a flush, and the engine's settlement of its answers. */
async function pushAndSettle(
  context: PipelineContext,
  connection: string,
  push: NonNullable<ConnectorV2['push']>,
  plan: PushPlan,
): Promise<PushSettlement> {
  const { metrics } = context;
  const operation = { connection, operation: 'pushQuantities' };
  let result: PushResultV2;
  const stopTimer = metrics.pushStageSeconds.startTimer({ connection, stage: 'vendor-call' });
  try {
    result = await push.push({ items: plan.items, idempotencyKey: plan.idempotencyKey });
    stopTimer();
  } catch (error) {
    recordConnectorCall(metrics, operation, { error });
    await recordCall(context, connection, true);
    throw error;
  }
  recordConnectorCall(metrics, operation, { requests: result.requestsMade });
  await recordCall(context, connection, false);
  for (const item of result.results) metrics.pushedItems.inc({ connection, outcome: item.outcome });
  const settlement = await context.engine.settlePush(connection, plan, result.results);
  await observePushed(context, connection, settlement.settled);
  await clearPendingSince(
    context,
    connection,
    settlement.refused.map(({ item }) => item),
  );
  return settlement;
}

async function deadLetterRefused(context: PipelineContext, connection: string, settlement: PushSettlement) {
  for (const { item, error } of settlement.refused) {
    await context.deadLetter({
      kind: 'push-item-failed',
      connection,
      reason: error.message,
      error: describeDeadLetterError(error, false),
      payload: item,
      replay: { queue: 'push', name: 'reproject', data: { connection, skus: [item.sku] } },
    });
  }
}

async function enqueueFlush(context: PipelineContext, connection: string, delayMs: number): Promise<void> {
  await context.enqueue({ queue: 'push', name: 'flush', data: { connection } }, { delayMs });
}

/** The push sweep (a flush for every connection with changes waiting), once `delayMs` from now. */
async function offerSweep(context: PipelineContext, delayMs: number): Promise<void> {
  await context.enqueue({ queue: 'push', name: 'tick', data: {} }, { delayMs: Math.max(1, Math.ceil(delayMs)) });
}
