import { recordCall } from '../alerts/activity-log.ts';
import type { PipelineConnection } from '../jobs/connection.ts';
import { connectionRuntime, type PipelineContext } from '../jobs/pipeline-context.ts';
import { recordConnectorCall } from '../observability/connector-calls.ts';
import { askLimiter } from './ask-limiter.ts';
import { loadCursor, storeCursor } from './change-cursors.ts';
import { deadLetterItemFailures } from './item-failures.ts';
import { countPollPage, pollBackpressureWaitMs, pollPagesAheadReached } from './poll-backpressure.ts';
import { type PollStream, pollStreams } from './poll-streams.ts';

export interface PollSummary {
  readonly events: number;
  readonly failures: number;
  readonly hasMore: boolean;
}

/**
 * One poll of a connection's changes and orders (each stream the connector has) since their stored cursors. The
 * events are enqueued for the engine BEFORE the new cursor is stored: a crash in between reads them again (the
 * engine drops the duplicates), never loses them. A connection with `pollPagesAhead` pages not yet taken up by an
 * apply waits instead of reading more (poll-backpressure.ts): what is read ahead of the engine stays bounded.
 */
export async function pollChanges(
  context: PipelineContext,
  connection: string,
  wait: (waitMs: number) => Promise<never>,
): Promise<PollSummary> {
  const runtime = connectionRuntime(context, connection);
  const summary = { events: 0, failures: 0, hasMore: false };
  for (const stream of pollStreams(runtime.connector)) {
    const polled = await pollStream(context, runtime, stream, wait);
    summary.events += polled.events;
    summary.failures += polled.failures;
    summary.hasMore ||= polled.hasMore;
  }
  // The connector has more ready now: poll again right after this run instead of at the next tick.
  if (summary.hasMore) await context.enqueue({ queue: 'poll', name: 'pull', data: { connection } });
  return summary;
}

async function pollStream(
  context: PipelineContext,
  runtime: PipelineConnection,
  stream: PollStream,
  wait: (waitMs: number) => Promise<never>,
): Promise<PollSummary> {
  const connection = runtime.name;
  // Before the limiter: a page that could not be enqueued yet would spend a vendor call for nothing.
  if (await pollPagesAheadReached(context, connection)) return await wait(pollBackpressureWaitMs);
  const cursor = await loadCursor(context, runtime, stream.name);
  const permit = await askLimiter(runtime, stream.operation);
  if (!permit.granted) return await wait(permit.waitMs);
  const operation = { connection, operation: stream.operation };
  const receivedAt = context.now();
  let page: Awaited<ReturnType<PollStream['pull']>>;
  try {
    page = await stream.pull({ cursor });
  } catch (error) {
    recordConnectorCall(context.metrics, operation, { error });
    await recordCall(context, connection, true);
    throw error;
  } finally {
    await permit.release();
  }
  recordConnectorCall(context.metrics, operation, { requests: 1 });
  await recordCall(context, connection, false);

  const orders = page.orders ?? [];
  if (page.events.length + orders.length > 0) {
    const data = { connection, origin: 'poll' as const, events: page.events, orders, receivedAt };
    await countPollPage(context, connection, data);
    await context.enqueue({ queue: 'apply', name: 'apply', data });
  }
  await deadLetterItemFailures(context, connection, page.failures);
  await storeCursor(context, connection, page.cursor, stream.name);
  return { events: page.events.length + orders.length, failures: page.failures.length, hasMore: page.hasMore };
}
