import { createHash } from 'node:crypto';
import { type PushItemV2, type PushResultV2, RateLimitedError, supports } from '@stockwire/connector-spec';
import type { DirtyEntry, PlannedPush } from '@stockwire/engine';
import { channelPublishLocation } from '@stockwire/model';
import { recordCall } from '../alerts/activity-log.ts';
import { askLimiter } from '../runtime/ask-limiter.ts';
import { reportShadowPlan } from './flush-shadow.ts';
import { clearPendingSince, observePushed } from './pending-since.ts';
import { connectionRuntime, type PipelineContext } from './pipeline-context.ts';

export interface FlushSummary {
  readonly taken: number;
  readonly alreadyPushed: number;
  readonly written: number;
  readonly unchanged: number;
  /** Left dirty for a later flush: stale compare-and-set, retryable item failures. */
  readonly deferred: number;
  readonly deadLettered: number;
}

const nothing: FlushSummary = { taken: 0, alreadyPushed: 0, written: 0, unchanged: 0, deferred: 0, deadLettered: 0 };
const member = (entry: { channel: string; sku: string }) => `${entry.channel} ${entry.sku}`;

/** Stable for the same values, so a vendor that deduplicates calls recognises a retried push. */
function pushIdempotencyKey(connection: string, items: readonly PushItemV2[]): string {
  const values = items.map((item) => [item.channel, item.sku, item.quantity, item.status]).sort();
  return createHash('sha256')
    .update(JSON.stringify([connection, values]))
    .digest('hex')
    .slice(0, 32);
}

/**
 * One flush of a connection: takes up to the connector's batch size of dirty channel SKUs, lets the engine plan
 * them from current state, asks the shared limiter, makes one call, and records what the remote now shows. Only
 * what was written, found unchanged or refused for good is acknowledged; the rest stays dirty for the next
 * flush, which is enqueued here. `wait` ends this run and resumes the job after the limiter's wait. In shadow mode
 * the plan is reported instead of pushed, and nothing is written to the channel.
 */
export async function flushConnection(
  context: PipelineContext,
  connection: string,
  wait: (waitMs: number) => Promise<never>,
): Promise<FlushSummary> {
  const { engine, metrics } = context;
  const runtime = connectionRuntime(context, connection);
  const { connector } = runtime;
  if (!supports(connector, 'push')) return nothing;
  const batchSize = connector.push.maxBatchSize;

  const entries = await engine.takeDirty(connection, batchSize);
  if (entries.length === 0) return nothing;
  const entryOf = new Map(entries.map((entry) => [member(entry), entry]));
  const entriesFor = (items: ReadonlyArray<{ channel: string; sku: string }>): DirtyEntry[] =>
    items.flatMap((item) => entryOf.get(member(item)) ?? []);

  const plan = await engine.planPush(entries);
  const publishLocations = new Map(
    context.configuration.channels.map((channel) => [channel.id, channelPublishLocation(channel)]),
  );
  if (context.options.shadow) {
    await reportShadowPlan(context, connection, entries, plan);
    if (entries.length >= batchSize) await context.enqueue({ queue: 'push', name: 'flush', data: { connection } });
    return { ...nothing, taken: entries.length, alreadyPushed: plan.alreadyPushed.length };
  }
  await engine.acknowledgeDirty(connection, entriesFor(plan.alreadyPushed));
  await clearPendingSince(context, connection, plan.alreadyPushed);
  const summary = { ...nothing, taken: entries.length, alreadyPushed: plan.alreadyPushed.length };

  let deferred = 0;
  if (plan.push.length > 0) {
    const permit = await askLimiter(runtime, 'pushQuantities');
    if (!permit.granted) return await wait(permit.waitMs);
    const items: PushItemV2[] = plan.push.map((planned) => ({
      key: member(planned),
      channel: planned.channel,
      sku: planned.sku,
      location: publishLocations.get(planned.channel),
      quantity: planned.quantity,
      status: planned.status,
      expectedRemote: planned.expectedRemote,
    }));
    const operation = { connection, operation: 'pushQuantities' };
    let result: PushResultV2;
    try {
      result = await connector.push.push({ items, idempotencyKey: pushIdempotencyKey(connection, items) });
    } catch (error) {
      metrics.apiCalls.inc(operation);
      if (RateLimitedError.isInstance(error)) metrics.rateLimited.inc(operation);
      await recordCall(context, connection, true);
      throw error;
    } finally {
      await permit.release();
    }
    metrics.apiCalls.inc(operation, result.requestsMade);
    await recordCall(context, connection, false);

    const plannedOf = new Map(plan.push.map((planned) => [member(planned), planned]));
    const done: PlannedPush[] = [];
    const refused: PlannedPush[] = [];
    const answered = new Set<string>();
    for (const itemResult of result.results) {
      const planned = plannedOf.get(itemResult.key);
      if (planned === undefined) continue;
      answered.add(itemResult.key);
      metrics.pushedItems.inc({ connection, outcome: itemResult.outcome });
      if (itemResult.outcome === 'written' || itemResult.outcome === 'unchanged') {
        done.push(planned);
        if (itemResult.outcome === 'written') summary.written++;
        else summary.unchanged++;
      } else if (itemResult.outcome === 'failed' && !itemResult.error.retryable) {
        refused.push(planned);
        await context.deadLetter({
          kind: 'push-item-failed',
          connection,
          reason: itemResult.error.message,
          error: { name: itemResult.error.name, code: itemResult.error.code, retryable: false },
          payload: planned,
          replay: { queue: 'push', name: 'reproject', data: { connection, skus: [planned.sku] } },
        });
      } else {
        // Stale (the engine recomputes it next time, never resending this value) or retryable: try again later.
        // A stale answer that says what the remote shows becomes the next compare-and-set expectation.
        if (itemResult.outcome === 'stale' && itemResult.remoteQuantity !== undefined) {
          const observedAt = new Date(context.now()).toISOString();
          await engine.recordRemote([
            { channel: planned.channel, sku: planned.sku, quantity: itemResult.remoteQuantity, observedAt },
          ]);
        }
        deferred++;
      }
    }
    // An item the connector did not answer for is not known to be on the remote: it stays dirty.
    deferred += plan.push.filter((planned) => !answered.has(member(planned))).length;
    await engine.recordPushed(
      done.map(({ channel, sku, quantity, status, version }) => ({ channel, sku, quantity, status, version })),
    );
    await engine.acknowledgeDirty(connection, entriesFor([...done, ...refused]));
    await observePushed(context, connection, done);
    await clearPendingSince(context, connection, refused);
    summary.deadLettered = refused.length;
  }

  if (deferred > 0) {
    await context.enqueue(
      { queue: 'push', name: 'flush', data: { connection } },
      { delayMs: context.options.pushRetryDelayMs },
    );
  } else if (entries.length >= batchSize) {
    // A full batch: more may be waiting behind it, and the next batch fills without waiting, so the debounce (there
    // to gather a burst into one call) would only slow a backlog down.
    await context.enqueue({ queue: 'push', name: 'flush', data: { connection } }, { delayMs: 0 });
  }
  return { ...summary, deferred };
}
