import { RateLimitedError } from '@stockwire/connector-spec';
import { DelayedError, type Job, Worker } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { describeDeadLetterError } from '../jobs/dead-letter.ts';
import { type JobRequest, type QueueName, queueNames, tickJobName } from '../jobs/job-requests.ts';
import type { PipelineContext } from '../jobs/pipeline-context.ts';
import { isPermanent } from '../jobs/retry-rule.ts';
import { createThrottledErrorLog } from '../observability/throttled-error-log.ts';
import { jobAttributes, type TraceCarrier } from '../observability/tracing.ts';
import { delayJob, observeLimiterWait } from './delay-job.ts';
import { createJobHandlers, type JobHandler, limitedOperationOf } from './job-handlers.ts';

export interface JobWorkers {
  readonly workers: readonly Worker[];
  /** True while every worker is running (for `/readyz`). */
  running(): boolean;
  /**
   * Stops taking jobs, waits for the ones in progress, then closes the workers' connections. `force` does not wait
   * (when Redis is gone, jobs in progress cannot finish anyway; their locks expire and another runner redoes them).
   */
  close(force?: boolean): Promise<void>;
}

/**
 * How long to wait after a vendor's "too fast": its Retry-After the first time, doubled for each refusal in a row
 * (counted in Redis, so every runner of the installation escalates together), at most `rateLimitBackoffMaxMs`. The
 * count lapses once refusals stop for longer than the wait. Never shorter than the vendor asked.
 */
async function rateLimitedWait(
  context: PipelineContext,
  connection: string | undefined,
  operation: string,
  retryAfterMs: number,
): Promise<number> {
  if (connection === undefined) return retryAfterMs;
  const key = context.keys.rateLimitStreak(connection, operation);
  const streak = await context.redis.incr(key);
  const escalated = Math.min(retryAfterMs * 2 ** Math.min(streak - 1, 20), context.options.rateLimitBackoffMaxMs);
  const waitMs = Math.max(retryAfterMs, escalated);
  await context.redis.pexpire(key, Math.ceil(waitMs * 2 + 1_000));
  return waitMs;
}

/**
 * The one place that decides what happens to a failed job. Only the runner retries: a vendor's "too fast" pauses
 * the shared limiter and delays just this job; a permanent error (`retryable: false`, jobs/retry-rule.ts) goes to the dead
 * letters with the request to replay, and the job ends without failing; any other error is thrown back to BullMQ
 * (exponential backoff).
 */
function withFailurePolicy(context: PipelineContext, queue: QueueName, handle: JobHandler): JobHandler {
  return async (job, token) => {
    try {
      return await handle(job, token);
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      const connection = (job.data as { connection?: string }).connection;
      if (RateLimitedError.isInstance(error)) {
        const operation = limitedOperationOf[job.name];
        const limiter = connection === undefined ? undefined : context.connections.get(connection)?.limiter;
        const declared =
          operation !== undefined &&
          limiter !== undefined &&
          (limiter.policy.operations[operation] !== undefined || limiter.policy.defaultLimit !== undefined);
        // Our own limiter's wait is exact; only the vendor's refusals in a row are escalated.
        const waitMs =
          error.refusedBy === 'vendor'
            ? await rateLimitedWait(context, connection, job.name, error.retryAfterMs)
            : error.retryAfterMs;
        if (declared) await limiter.pause(operation, waitMs);
        context.logger.warn({ connection, queue, job: job.name, waitMs }, error.message);
        observeLimiterWait(context, job, waitMs);
        return await delayJob(job, token, waitMs);
      }
      if (isPermanent(error)) {
        context.logger.error({ connection, queue, job: job.name, err: error }, 'job failed for good; dead-lettered');
        await context.deadLetter({
          kind: 'job-failed',
          connection,
          reason: error instanceof Error ? error.message : String(error),
          error: describeDeadLetterError(error, false),
          replay: { queue, name: job.name, data: job.data } as JobRequest,
        });
        return undefined;
      }
      context.logger.warn(
        { connection, queue, job: job.name, attempt: job.attemptsMade + 1, err: error },
        'job failed; it will be retried',
      );
      throw error;
    }
  };
}

/**
 * The stages of the event-to-push path that a job itself shows (`stockwire_push_stage_seconds`): an apply job's
 * wait in the queue and its engine call (validation, authority, apply and projection, in one `engine.ingest`); a
 * webhook job's whole ingest (parse, dedupe by delivery id and the engine call of each delivery it holds). The
 * flush's debounce is observed where it is decided (job-handlers.ts), the vendor call around the connector's push,
 * limiter waits where a flush is put back to sleep (delay-job.ts).
 */
function withStageTimes(context: PipelineContext, handle: JobHandler): JobHandler {
  return async (job, token) => {
    const connection = (job.data as { connection?: string }).connection ?? '';
    if (job.name !== 'apply' && job.name !== 'webhook') return await handle(job, token);
    const startedAt = Date.now();
    // A webhook's wait is observed per delivery, from its arrival at the route (ingest-webhook.ts).
    if (job.name === 'apply') {
      const waited = Math.max(0, startedAt - job.timestamp) / 1_000;
      context.metrics.pushStageSeconds.observe({ connection, stage: 'queue-wait' }, waited);
    }
    const result = await handle(job, token);
    context.metrics.pushStageSeconds.observe({ connection, stage: 'ingest' }, (Date.now() - startedAt) / 1_000);
    return result;
  };
}

/**
 * A job that carries a trace context (an ingest job from a webhook, an apply job enqueued inside a span) runs in a
 * consumer span that continues it, so the steps it takes — the connector's parse, the engine's apply — join the trace
 * of the webhook, in whichever runner process takes the job. A job put back to sleep (`DelayedError`) is no failure.
 */
function withJobSpan(context: PipelineContext, queue: QueueName, handle: JobHandler): JobHandler {
  const { tracing } = context;
  if (tracing === undefined) return handle;
  return async (job, token) => {
    const carrier = (job.data as { trace?: TraceCarrier }).trace;
    if (carrier === undefined) return await handle(job, token);
    const attributes = {
      ...jobAttributes(queue, 'process', job.name),
      'messaging.message.id': job.id,
      'stockwire.connection': (job.data as { connection?: string }).connection,
      'stockwire.job.attempt': job.attemptsStarted,
    };
    return await tracing.inSpan(
      `process ${queue}`,
      { kind: 'consumer', parent: carrier, attributes, isFailure: (error) => !(error instanceof DelayedError) },
      () => handle(job, token),
    );
  };
}

export function startJobWorkers(context: PipelineContext, connection: Redis | Cluster, prefix: string): JobWorkers {
  const handlers = createJobHandlers(context);
  const { options, logger } = context;
  const logWorkerError = createThrottledErrorLog(logger);
  const workers = queueNames.map((queue) => {
    const byName = handlers[queue];
    const worker = new Worker(
      queue,
      async (job: Job, token?: string) => {
        const handle: JobHandler =
          byName[job.name] ??
          (async () => {
            throw Object.assign(new Error(`no handler for job "${job.name}" on queue "${queue}"`), {
              retryable: false,
            });
          });
        return await withFailurePolicy(
          context,
          queue,
          withJobSpan(context, queue, withStageTimes(context, handle)),
        )(job, token);
      },
      {
        connection,
        prefix,
        concurrency: options.concurrency[queue],
        lockDuration: options.jobLockMs,
        stalledInterval: options.jobLockMs,
        // A job whose process died is taken over after the lock expires; give up only if it keeps killing them.
        maxStalledCount: 5,
      },
    );
    worker.on('error', (error) => logWorkerError({ queue }, error, 'worker error'));
    worker.on('failed', (job, error) => {
      // Scheduled jobs come again at the next tick: nothing to re-drive by hand.
      if (job === undefined || job.name === tickJobName || job.name === 'alerts') return;
      if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
      const jobConnection = (job.data as { connection?: string }).connection;
      context
        .deadLetter({
          kind: 'job-failed',
          connection: jobConnection,
          reason: `gave up after ${job.attemptsMade} attempts: ${error.message}`,
          error: describeDeadLetterError(error),
          replay: { queue, name: job.name, data: job.data } as JobRequest,
        })
        .catch((deadLetterError: unknown) => logger.error({ err: deadLetterError }, 'could not store a dead letter'));
    });
    return worker;
  });
  return {
    workers,
    running: () => workers.every((worker) => worker.isRunning()),
    async close(force = false) {
      await Promise.all(workers.map((worker) => worker.close(force)));
    },
  };
}
