import type { ComputedChannelQuantity } from '@stockwire/engine';
import { recordPushLatency } from '../alerts/activity-log.ts';
import type { PipelineContext } from '../jobs/pipeline-context.ts';

const member = (channel: string, sku: string) => `${channel} ${sku}`;

/** How many marks one script call sets at most, so a huge apply costs bounded calls, not one unbounded one. */
export const marksPerCall = 1_000;

// HSETNX takes one field; the marks of one apply are many (one per channel SKU it changed), so one script sets them
// all, per connection: a single command where there was one per row (#14).
const markScript = `
local receivedAt = ARGV[1]
for index = 2, #ARGV do redis.call('HSETNX', KEYS[1], ARGV[index], receivedAt) end
return #ARGV - 1
`;

/**
 * Remembers when the runner first saw a change that a channel has not shown yet, for the event-to-push latency.
 * Only values that differ from the last push are marked (the first mark wins), so an event that changed nothing
 * pushable starts no clock. A mark can outlive its push when the push lands between the projection and the write
 * here; it then overstates one later sample, which is all a histogram loses.
 */
export async function markPendingSince(
  context: PipelineContext,
  computed: readonly ComputedChannelQuantity[],
  receivedAt: number,
): Promise<void> {
  const membersByConnection = new Map<string, string[]>();
  for (const row of computed) {
    const connection = context.channelConnections.get(row.channel);
    // The projection that computed the row says whether the value now waits for a push.
    if (connection === undefined || row.needsPush !== true) continue;
    const members = membersByConnection.get(connection);
    if (members === undefined) membersByConnection.set(connection, [member(row.channel, row.sku)]);
    else members.push(member(row.channel, row.sku));
  }
  const calls: Promise<unknown>[] = [];
  for (const [connection, members] of membersByConnection) {
    const key = context.keys.pendingSince(connection);
    for (let first = 0; first < members.length; first += marksPerCall) {
      const group = members.slice(first, first + marksPerCall);
      calls.push(context.redis.eval(markScript, 1, key, String(receivedAt), ...group));
    }
  }
  await Promise.all(calls);
}

/**
 * Observes and clears the marks of channel SKUs that were just pushed. The flush's slowest latency (the longest a
 * change waited to show on the channel) goes to the alerts and to the engine, whose dynamic buffers average it (a
 * no-op without a dynamic buffer on the connection): one sample per flush, whatever its size.
 */
export async function observePushed(
  context: PipelineContext,
  connection: string,
  pushed: ReadonlyArray<{ channel: string; sku: string }>,
): Promise<void> {
  if (pushed.length === 0) return;
  const key = context.keys.pendingSince(connection);
  const members = pushed.map((entry) => member(entry.channel, entry.sku));
  const marks = await context.redis.hmget(key, ...members);
  await context.redis.hdel(key, ...members);
  const now = context.now();
  let slowest: number | undefined;
  for (const mark of marks) {
    if (mark === null) continue;
    const seconds = Math.max(0, now - Number(mark)) / 1_000;
    context.metrics.eventToPushSeconds.observe({ connection }, seconds);
    slowest = Math.max(slowest ?? 0, seconds);
  }
  if (slowest === undefined) return;
  await Promise.all([
    recordPushLatency(context, connection, slowest),
    context.engine.recordPushLatency(connection, slowest),
  ]);
}

/** Clears marks of channel SKUs that turned out to need no push. */
export async function clearPendingSince(
  context: PipelineContext,
  connection: string,
  entries: ReadonlyArray<{ channel: string; sku: string }>,
): Promise<void> {
  if (entries.length === 0) return;
  await context.redis.hdel(context.keys.pendingSince(connection), ...entries.map((e) => member(e.channel, e.sku)));
}
