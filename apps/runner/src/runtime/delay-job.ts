import { DelayedError, type Job } from 'bullmq';
import type { PipelineContext } from '../jobs/pipeline-context.ts';

/**
 * Puts the running job back to sleep for `waitMs` and ends this run. Only that job waits: the worker takes other
 * jobs meanwhile, and the queue is never paused for the connections that are not limited.
 */
export async function delayJob(job: Job, token: string | undefined, waitMs: number): Promise<never> {
  await job.moveToDelayed(Date.now() + Math.max(1, Math.ceil(waitMs)), token);
  throw new DelayedError(`waiting ${waitMs} ms`);
}

/** A flush put back to sleep until the limiter (ours or the vendor's) has room: the push's limiter-wait stage. */
export function observeLimiterWait(context: Pick<PipelineContext, 'metrics'>, job: Job, waitMs: number): void {
  if (job.name !== 'flush') return;
  const connection = (job.data as { connection?: string }).connection ?? '';
  context.metrics.pushStageSeconds.observe({ connection, stage: 'limiter-wait' }, waitMs / 1_000);
}
