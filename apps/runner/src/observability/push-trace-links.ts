import type { Cluster, Redis } from 'ioredis';
import type { TraceCarrier } from './tracing.ts';

/**
 * At most this many events a push links back to: a flush batches every change waiting for its connection, and a
 * span with thousands of links helps nobody (backends cap them too). The most recent are kept.
 */
export const maximumPushLinks = 128;

/** Contexts of applies whose connection has not pushed for a day are of no further use. */
const linkRetentionMs = 86_400_000;

/**
 * Remembers that the apply running in `carrier` left `key`'s connection something to push. The flush job is one
 * deduplicated job per connection, not one per event, so its contributors wait in Redis (shared by every runner of
 * the installation) rather than in a job's data.
 */
export async function notePushContributor(redis: Redis | Cluster, key: string, carrier: TraceCarrier): Promise<void> {
  await redis
    .multi()
    .rpush(key, JSON.stringify(carrier))
    .ltrim(key, -maximumPushLinks, -1)
    .pexpire(key, linkRetentionMs)
    .exec();
}

/** Takes the contributors noted since the connection's last push (one flush of a connection runs at a time). */
export async function takePushContributors(redis: Redis | Cluster, key: string): Promise<TraceCarrier[]> {
  const taken = await redis.lpop(key, maximumPushLinks);
  const carriers: TraceCarrier[] = [];
  for (const entry of taken ?? []) {
    const carrier = parseCarrier(entry);
    if (carrier !== undefined) carriers.push(carrier);
  }
  return carriers;
}

function parseCarrier(entry: string): TraceCarrier | undefined {
  try {
    const value = JSON.parse(entry) as { traceparent?: unknown; tracestate?: unknown };
    if (typeof value.traceparent !== 'string') return undefined;
    return typeof value.tracestate === 'string'
      ? { traceparent: value.traceparent, tracestate: value.tracestate }
      : { traceparent: value.traceparent };
  } catch {
    // Written by this module only; an unreadable entry costs a link, never a push.
    return undefined;
  }
}
