import type { ApplyJobData } from '../jobs/job-requests.ts';
import type { PipelineContext } from '../jobs/pipeline-context.ts';

/**
 * Pages a connection's polls may have enqueued that no apply job has yet taken up. Polls chain while the connector
 * has more (poll-changes.ts), and a file connector reads a page in milliseconds where applying it takes seconds:
 * without a bound a 1,000,000-row inbox was parsed and enqueued whole while the applies lagged, and the apply
 * workers (64 at once) each held a 5,000-event page, so the heap peaked far above what an idle runner needs and
 * those pages stayed resident afterwards (#14). With the bound, what is read ahead of the engine is at most this
 * many pages of `pageSize` events, whatever the size of the inbox.
 */
export const pollPagesAhead = 4;

/**
 * A page enqueued longer ago than this and still counted is taken as lost (the runner died between counting it and
 * enqueueing it): it stops counting, so one crash can never stop a connection's polling for good.
 */
export const pollPageForgottenAfterMs = 5 * 60_000;

/** How long a poll that found the bound reached waits before it looks again. */
export const pollBackpressureWaitMs = 250;

/**
 * Sorted set of the pages in flight (member: `pollPageMember`, score: when enqueued). In the connection's hash tag,
 * beside its cursor, which only moves past pages once they are counted here and enqueued.
 */
function pagesInFlightKey(context: PipelineContext, connection: string): string {
  return `${context.keys.cursor(connection)}:pages-in-flight`;
}

/**
 * A page's name from what its apply job carries, so the apply names it as the poll did without a field of its own:
 * one poll of a connection runs at a time (polls are deduplicated per connection), so its `receivedAt` and counts
 * tell its pages apart. Two streams of one poll in the same millisecond with equal counts share a name; the first
 * applied then frees both, which lets one more page in, never fewer.
 */
function pollPageMember(data: Pick<ApplyJobData, 'receivedAt' | 'events' | 'orders'>): string {
  return `${data.receivedAt}:${data.events?.length ?? 0}:${data.orders?.length ?? 0}`;
}

/** Whether the connection already has `pollPagesAhead` pages waiting for an apply; forgets lost ones first. */
export async function pollPagesAheadReached(context: PipelineContext, connection: string): Promise<boolean> {
  const key = pagesInFlightKey(context, connection);
  await context.redis.zremrangebyscore(key, '-inf', context.now() - pollPageForgottenAfterMs);
  return (await context.redis.zcard(key)) >= pollPagesAhead;
}

/** Counts a page as in flight; called before its apply job is enqueued, so an apply can never uncount it first. */
export async function countPollPage(
  context: PipelineContext,
  connection: string,
  data: Pick<ApplyJobData, 'receivedAt' | 'events' | 'orders'>,
): Promise<void> {
  await context.redis.zadd(pagesInFlightKey(context, connection), context.now(), pollPageMember(data));
}

/**
 * Uncounts a polled page once its apply job has run (applied or failed: a failed one waits for its retry in Redis,
 * not in a worker's heap). A redelivered or replayed page finds nothing to remove.
 */
export async function uncountPollPage(context: PipelineContext, data: ApplyJobData): Promise<void> {
  if (data.origin !== 'poll') return;
  await context.redis.zrem(pagesInFlightKey(context, data.connection), pollPageMember(data));
}
