import { RateLimitedError } from '@stockwire/connector-spec';
import type { PipelineContext } from '../jobs/pipeline-context.ts';
import { isRetryable } from '../jobs/retry-rule.ts';
import {
  listedDriftsLimit,
  type ReconcileOptions,
  type ReconcileSummary,
  reconcileConnection,
} from '../pipeline/reconcile-connection.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The wait a refusal asks for (a vendor's Retry-After, a limiter's refill), when it names one. */
function retryAfterOf(error: unknown): number {
  const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof retryAfterMs === 'number' && retryAfterMs > 0 ? retryAfterMs : 0;
}

/** What earlier attempts of the same run read, added to the current attempt's counts. */
function combine(earlier: ReconcileSummary | undefined, current: ReconcileSummary): ReconcileSummary {
  if (earlier === undefined) return current;
  return {
    ...current,
    resumedFrom: earlier.resumedFrom,
    pages: earlier.pages + current.pages,
    records: earlier.records + current.records,
    itemFailures: earlier.itemFailures + current.itemFailures,
    inSync: earlier.inSync + current.inSync,
    loaded: earlier.loaded + current.loaded,
    snapshotsApplied: earlier.snapshotsApplied + current.snapshotsApplied,
    pushesScheduled: earlier.pushesScheduled + current.pushesScheduled,
    driftCount: earlier.driftCount + current.driftCount,
    drifts: [...earlier.drifts, ...current.drifts].slice(0, listedDriftsLimit),
  };
}

/**
 * A reconciliation run outside the job queue (`stockwire reconcile`, `runner.reconcile`), retried like the queue
 * retries a reconcile job: only the runner retries, so an error of a page that is not permanent by the runner's one
 * rule (jobs/retry-rule.ts: a vendor that blinked, a snapshot file rewritten while it was paged: `SnapshotFileChangedError`,
 * Redis restarting, an error that says nothing) is attempted again up to
 * `jobAttempts` times, doubling `jobBackoffMs` (or waiting the error's `retryAfterMs` when that is longer). Each
 * attempt resumes from the last page that reached the engine, as a retried job resumes from the cursor in its data;
 * a cursor the connector refuses for good (the file it pointed into was rewritten) makes reconcileConnection start
 * over from the first page, so the run ends on the new version and never mixes rows of two versions.
 *
 * A refusal by the account's shared limiter (`RateLimitedError` with `refusedBy: 'shared-limiter'`) is waited out
 * exactly and spends no attempt, as the queue does with a job.
 *
 * The summary (handed to `onPage` and returned) covers the whole run, every attempt: a caller that shows progress
 * or counts records never sees its counts go back when an attempt starts again.
 */
export async function reconcileWithRetries(
  context: PipelineContext,
  connection: string,
  options: Omit<ReconcileOptions, 'wait'>,
): Promise<ReconcileSummary> {
  const { jobAttempts, jobBackoffMs } = context.options;
  let cursor = options.startCursor;
  let earlier: ReconcileSummary | undefined;
  for (let attempt = 1; ; attempt++) {
    // What this attempt had counted when its last page reached onPage. A copy (its drifts as a count): the attempt's
    // own summary object goes on growing, and a page it counted whose onPage never came (its dead letters or its
    // push offer failed) is read again by the retry, since the cursor moves only in onPage: it must count once.
    let latest: ReconcileSummary | undefined;
    let latestDrifts = 0;
    try {
      const summary = await reconcileConnection(context, connection, {
        ...options,
        startCursor: cursor,
        onPage: async (attemptSummary, nextCursor) => {
          if (nextCursor !== undefined) cursor = nextCursor;
          latest = { ...attemptSummary };
          latestDrifts = attemptSummary.drifts.length;
          await options.onPage?.(combine(earlier, attemptSummary), nextCursor);
        },
        wait: (waitMs, waitCursor) => {
          cursor = waitCursor;
          return sleep(waitMs);
        },
      });
      return combine(earlier, summary);
    } catch (error) {
      if (latest !== undefined) earlier = combine(earlier, { ...latest, drifts: latest.drifts.slice(0, latestDrifts) });
      if (RateLimitedError.isInstance(error) && error.refusedBy === 'shared-limiter') {
        // Our own limiter refused from inside the connector (every concurrency slot of the account is taken, by
        // this run or the runners' jobs): a wait, not a failure, as the queue delays such a job by exactly this
        // wait without spending an attempt, and as reconcileConnection sleeps when the runner's own ask is refused.
        // Counted as attempts, a run beside busy runners gave up after `jobAttempts` refusals and backed off ever
        // longer for a slot that frees within one request.
        attempt -= 1;
        await sleep(error.retryAfterMs);
        continue;
      }
      if (!isRetryable(error) || attempt >= jobAttempts) throw error;
      const delayMs = Math.max(jobBackoffMs * 2 ** (attempt - 1), retryAfterOf(error));
      context.logger.warn({ connection, attempt, delayMs, err: error }, 'reconciliation failed; retrying');
      await sleep(delayMs);
    }
  }
}
