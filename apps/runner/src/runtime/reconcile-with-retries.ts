import type { PipelineContext } from '../jobs/pipeline-context.ts';
import { type ReconcileOptions, type ReconcileSummary, reconcileConnection } from '../pipeline/reconcile-connection.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A typed error that says a later attempt may succeed; an error that says nothing is not retried here. */
function isRetryableError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === true;
}

/**
 * A reconciliation run outside the job queue (`stockwire reconcile`, `runner.reconcile`), retried like the queue
 * retries a reconcile job: only the runner retries, so a retryable error of a page (a vendor that blinked, a
 * snapshot file rewritten while it was paged: `SnapshotFileChangedError`) is attempted again up to
 * `jobAttempts` times, doubling `jobBackoffMs`. Each attempt resumes from the last page that reached the engine,
 * as a retried job resumes from the cursor in its data; a cursor the connector refuses for good (the file it
 * pointed into was rewritten) makes reconcileConnection start over from the first page, so the run ends on the new
 * version and never mixes rows of two versions.
 */
export async function reconcileWithRetries(
  context: PipelineContext,
  connection: string,
  options: Omit<ReconcileOptions, 'wait'>,
): Promise<ReconcileSummary> {
  const { jobAttempts, jobBackoffMs } = context.options;
  let cursor = options.startCursor;
  for (let attempt = 1; ; attempt++) {
    try {
      return await reconcileConnection(context, connection, {
        ...options,
        startCursor: cursor,
        onPage: async (summary, nextCursor) => {
          if (nextCursor !== undefined) cursor = nextCursor;
          await options.onPage?.(summary, nextCursor);
        },
        wait: (waitMs, waitCursor) => {
          cursor = waitCursor;
          return sleep(waitMs);
        },
      });
    } catch (error) {
      if (!isRetryableError(error) || attempt >= jobAttempts) throw error;
      const delayMs = jobBackoffMs * 2 ** (attempt - 1);
      context.logger.warn({ connection, attempt, delayMs, err: error }, 'reconciliation failed; retrying');
      await sleep(delayMs);
    }
  }
}
