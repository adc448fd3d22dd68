import { DelayedError, type Job } from 'bullmq';

/**
 * Puts the running job back to sleep for `waitMs` and ends this run. Only that job waits: the worker takes other
 * jobs meanwhile, and the queue is never paused for the connections that are not limited.
 */
export async function delayJob(job: Job, token: string | undefined, waitMs: number): Promise<never> {
  await job.moveToDelayed(Date.now() + Math.max(1, Math.ceil(waitMs)), token);
  throw new DelayedError(`waiting ${waitMs} ms`);
}
