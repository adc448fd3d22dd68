import type { Job } from 'bullmq';
import { evaluateAlerts } from '../alerts/evaluate-alerts.ts';
import { createFlushPacing, type FlushPacing, waitToBatchMs } from '../jobs/flush-pacing.ts';
import type { ApplyJobData, QueueName, TickJobData, WebhookJobData } from '../jobs/job-requests.ts';
import type { PipelineContext } from '../jobs/pipeline-context.ts';
import { applyEvents } from '../pipeline/apply-events.ts';
import { flushConnection } from '../pipeline/flush-push.ts';
import { ingestWebhook } from '../pipeline/ingest-webhook.ts';
import { pollChanges } from '../pipeline/poll-changes.ts';
import { reconcileConnection } from '../pipeline/reconcile-connection.ts';
import { delayJob, observeLimiterWait } from './delay-job.ts';

export type JobHandler = (job: Job, token: string | undefined) => Promise<unknown>;

/** The connector call each job kind makes, for pausing the shared limiter when a vendor says "too fast". */
export const limitedOperationOf: Readonly<Record<string, 'pushQuantities' | 'pullChanges' | 'readSnapshot'>> = {
  flush: 'pushQuantities',
  pull: 'pullChanges',
  run: 'readSnapshot',
};

const connectionOf = (job: Job): string => (job.data as { connection: string }).connection;

/** Per queue, per job name: which pipeline step runs. Nothing here decides anything about stock. */
export function createJobHandlers(context: PipelineContext): Record<QueueName, Record<string, JobHandler>> {
  const wait = (job: Job, token: string | undefined) => (waitMs: number) => {
    observeLimiterWait(context, job, waitMs);
    return delayJob(job, token, waitMs);
  };
  // Built on the first reproject (a dead letter's replay, rare), not at start: a set of every SKU id is 10 MiB of
  // heap at 333,334 SKUs, held for the process's life for a job most runners never run (#14).
  let knownSkus: ReadonlySet<string> | undefined;
  const isKnownSku = (sku: string) => {
    knownSkus ??= new Set(context.configuration.skus.map((entry) => entry.id));
    return knownSkus.has(sku);
  };
  const pacing = createFlushPacing({ connections: context.connections, debounceMs: context.options.pushDebounceMs });
  return {
    apply: {
      apply: (job) => applyEvents(context, job.data as ApplyJobData),
    },
    push: {
      async flush(job, token) {
        const connection = connectionOf(job);
        const waitMs = await batchingWait(context, pacing, job, connection);
        if (waitMs > 0) return await delayJob(job, token, waitMs);
        return await flushConnection(context, connection, wait(job, token), {
          offeredAt: job.timestamp,
          hold: (holdMs) => delayJob(job, token, holdMs),
        });
      },
      async reproject(job) {
        const { connection, skus } = job.data as { connection: string; skus: string[] };
        // A SKU removed from the configuration since has nothing left to push.
        await context.engine.reproject(skus.filter(isKnownSku));
        await context.enqueue({ queue: 'push', name: 'flush', data: { connection } });
      },
      alerts: () => evaluateAlerts(context),
      /** The scheduler's sweep: offers a push to every connection with changes waiting, whatever was lost before. */
      async tick() {
        for (const [connection, runtime] of context.connections) {
          if (runtime.connector.push === undefined) continue;
          if ((await context.engine.dirtyCount(connection)) === 0) continue;
          await context.enqueue({ queue: 'push', name: 'flush', data: { connection } });
        }
      },
    },
    poll: {
      tick: (job) => enqueueFor(context, job, 'poll'),
      pull: (job, token) => pollChanges(context, connectionOf(job), wait(job, token)),
    },
    ingest: {
      webhook: (job) => ingestWebhook(context, job.data as WebhookJobData),
    },
    reconcile: {
      tick: (job) => enqueueFor(context, job, 'reconcile'),
      run: async (job, token) => {
        const data = job.data as { connection: string; cursor?: string };
        const summary = await reconcileConnection(context, data.connection, {
          startCursor: data.cursor,
          // The job's data in Redis holds the page reached: a runner that stops or crashes mid-way leaves the job
          // to the next runner (a stalled job), which resumes there rather than from the first page.
          onPage: async (_summary, cursor) => {
            if (cursor !== undefined) await job.updateData({ ...data, cursor });
          },
          wait: async (waitMs, cursor) => {
            await job.updateData({ ...data, cursor });
            await delayJob(job, token, waitMs);
          },
        });
        context.logger.info({ reconcile: summary }, `reconciled connection ${data.connection}`);
        return summary;
      },
    },
  };
}

/**
 * On a flush's first run: how long it should still wait for more changes (paced by the bucket, see
 * flush-pacing.ts). Observes the flush's debounce stage, the wait it will have had before it pushes. A flush
 * resumed after a limiter wait, or redone after a crash, goes at once.
 */
async function batchingWait(context: PipelineContext, pacing: FlushPacing, job: Job, connection: string) {
  const waitedMs = Math.max(0, Date.now() - job.timestamp);
  if (job.attemptsStarted > 1) return 0;
  const batchSize = context.connections.get(connection)?.connector.push?.maxBatchSize;
  let waitMs = 0;
  if (batchSize !== undefined && context.options.pushDebounceMs > 0) {
    const [pacedMs, waiting] = await Promise.all([pacing.delayFor(connection), context.engine.dirtyCount(connection)]);
    waitMs = waitToBatchMs({ pacedMs, waitedMs, waiting, batchSize });
  }
  context.metrics.pushStageSeconds.observe({ connection, stage: 'debounce' }, (waitedMs + waitMs) / 1_000);
  return waitMs;
}

async function enqueueFor(context: PipelineContext, job: Job, queue: 'poll' | 'reconcile'): Promise<void> {
  const connection = (job.data as TickJobData).connection;
  if (connection === undefined || !context.connections.has(connection)) return;
  if (queue === 'poll') await context.enqueue({ queue, name: 'pull', data: { connection } });
  else await context.enqueue({ queue, name: 'run', data: { connection } });
}
