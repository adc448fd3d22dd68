import { type JobsOptions, Queue } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { deduplicationId, type JobRequest, type QueueName, queueNames } from '../jobs/job-requests.ts';
import type { RunnerOptions } from '../jobs/runner-options.ts';

export interface JobQueues {
  readonly byName: ReadonlyMap<QueueName, Queue>;
  /**
   * Adds a job. Flushes, polls and reconciliations are deduplicated per connection: one runs, at most one waits. A
   * flush is due at once unless a delay is given: the flush job itself decides how long to wait for more changes,
   * from the bucket when it would run (see flush-pacing.ts).
   */
  enqueue(request: JobRequest, options?: { delayMs?: number }): Promise<void>;
  close(): Promise<void>;
}

export function createJobQueues(
  connection: Redis | Cluster,
  prefix: string,
  options: RunnerOptions,
  onError: (queue: QueueName, error: Error) => void = () => {},
): JobQueues {
  const byName = new Map<QueueName, Queue>(
    queueNames.map((name) => [
      name,
      new Queue(name, {
        connection,
        prefix,
        defaultJobOptions: {
          attempts: options.jobAttempts,
          backoff: { type: 'exponential', delay: options.jobBackoffMs },
          // Finished jobs are of no further use: failures are copied to the dead letters with what to replay.
          removeOnComplete: true,
          removeOnFail: { count: 1_000 },
        },
      }),
    ]),
  );
  // Without a listener an 'error' event would be printed raw, or crash the process.
  for (const [name, queue] of byName) queue.on('error', (error) => onError(name, error));
  return {
    byName,
    async enqueue(request, enqueueOptions = {}) {
      const queue = byName.get(request.queue);
      if (queue === undefined) throw new Error(`unknown queue "${request.queue}"`);
      await queue.add(request.name, request.data, jobOptions(request, enqueueOptions.delayMs));
    },
    async close() {
      await Promise.all([...byName.values()].map((queue) => queue.close()));
    },
  };
}

function jobOptions(request: JobRequest, delayMs: number | undefined): JobsOptions {
  const id = deduplicationId(request);
  const delay = delayMs ?? 0;
  return {
    ...(delay > 0 ? { delay } : {}),
    // keepLastIfActive: a job added while one runs waits for it, so a change that lands mid-push is pushed by the
    // next run and two runs for one connection never overlap, across every runner process.
    ...(id === undefined ? {} : { deduplication: { id, keepLastIfActive: true } }),
  };
}
