import { type Channel, channelListsSku, type DynamicBufferDemand } from '@stockwire/model';
import type { ProjectionContext } from './project-skus.ts';
import type { Sale } from './sales.ts';

/**
 * What dynamic buffers are sized from, kept in Redis so every runner of an installation records into and reads
 * the same numbers: each SKU's recent sales per connection (its own sorted set, in the SKU's slot) and each
 * connection's recent push latencies. Nothing is written or read for a SKU no channel with a dynamic buffer lists,
 * so a configuration without one pays nothing.
 *
 * Cost per event: a sale of such a SKU adds one ZADD, one trim and one PEXPIRE in one transaction; projecting such
 * a SKU reads one ZRANGEBYSCORE (bounded by the longest window's sales) and one LRANGE of at most
 * `latencySamples` per connection with a dynamic channel. A flush of such a connection adds one LPUSH + LTRIM.
 */

/** How many of a connection's newest push latencies the moving average covers. */
export const latencySamples = 20;

const minuteMs = 60_000;

/** The dynamic buffers a channel may apply to a SKU: its policy's and its overrides' for that SKU. */
function dynamicWindows(channel: Channel, sku?: string): number[] {
  const windows: number[] = [];
  if (channel.policy.dynamicBuffer !== undefined) windows.push(channel.policy.dynamicBuffer.windowMinutes);
  for (const override of channel.overrides) {
    const dynamic = override.policy.dynamicBuffer;
    if (dynamic !== undefined && (sku === undefined || override.skus.includes(sku)))
      windows.push(dynamic.windowMinutes);
  }
  return windows;
}

/** The longest dynamic-buffer window (ms) over the channels of a connection (or all) that list the SKU; 0: none. */
export function longestWindowMs(channels: readonly Channel[], sku: string, connection?: string): number {
  let longest = 0;
  for (const channel of channels) {
    if (connection !== undefined && channel.connection !== connection) continue;
    if (!channelListsSku(channel, sku)) continue;
    for (const windowMinutes of dynamicWindows(channel, sku)) longest = Math.max(longest, windowMinutes * minuteMs);
  }
  return longest;
}

/** Whether any channel of the connection may apply a dynamic buffer (to any SKU). */
export function usesDynamicBuffer(channels: readonly Channel[], connection: string): boolean {
  return channels.some((channel) => channel.connection === connection && dynamicWindows(channel).length > 0);
}

/**
 * Records the sales a dynamic buffer counts, by when they happened (never later than now), so a late delivery
 * lands in its own window and one already older than the longest window is not stored. The event id in the
 * member makes a sale recorded twice (a retried batch) count once.
 *
 * A hold released later (cancelled, payment failed, edited down, expired) stays counted, unlike in
 * `unitsSoldByLocation`. The buffer covers the units a channel takes while its last quantity is on its way, and
 * an order cancelled an hour later still took its units the moment it came: the rush was real. Replenishment asks
 * how much must be bought again, where a cancelled order is not a sale. The ceiling bounds what a wave of
 * cancelled orders can hide, and releases cost no Redis call here.
 */
export async function recordSales(context: ProjectionContext, sales: readonly Sale[]): Promise<void> {
  // One pass over the channels, not one per sale: a configuration without a dynamic buffer costs nothing here.
  if (!context.channels.some((channel) => dynamicWindows(channel).length > 0)) return;
  const nowMs = context.now().getTime();
  const writes: Array<Promise<unknown>> = [];
  for (const sale of sales) {
    const windowMs = longestWindowMs(context.channels, sale.sku, sale.connection);
    if (windowMs === 0) continue;
    const occurred = sale.occurredAt === undefined ? Number.NaN : Date.parse(sale.occurredAt);
    const at = Number.isFinite(occurred) ? Math.min(occurred, nowMs) : nowMs;
    if (at <= nowMs - windowMs) continue;
    const key = context.keys.sku(sale.sku).sales;
    // Trimmed to the longest window of any connection's channels, so one connection's short window never cuts
    // another's sales.
    const keepMs = longestWindowMs(context.channels, sale.sku);
    writes.push(
      context.redis
        .multi()
        .zadd(key, at, `${sale.connection} ${sale.quantity} ${sale.eventId}`)
        .zremrangebyscore(key, '-inf', nowMs - keepMs)
        .pexpire(key, keepMs)
        .exec(),
    );
  }
  await Promise.all(writes);
}

/** Adds one observed push latency of a connection, when one of its channels uses a dynamic buffer. */
export async function recordPushLatency(
  context: ProjectionContext,
  connection: string,
  seconds: number,
): Promise<void> {
  if (!Number.isFinite(seconds) || seconds < 0 || !usesDynamicBuffer(context.channels, connection)) return;
  const key = context.keys.pushLatency(connection);
  await context.redis
    .multi()
    .lpush(key, String(seconds))
    .ltrim(key, 0, latencySamples - 1)
    .exec();
}

/** The moving average of a connection's newest push latencies; undefined before its first push was measured. */
export async function pushLatencySeconds(context: ProjectionContext, connection: string): Promise<number | undefined> {
  const samples = (await context.redis.lrange(context.keys.pushLatency(connection), 0, latencySamples - 1))
    .map(Number)
    .filter((value) => Number.isFinite(value) && value >= 0);
  if (samples.length === 0) return undefined;
  return samples.reduce((total, value) => total + value, 0) / samples.length;
}

/** Whether projecting the SKU on these channels reads demand (a dynamic buffer applies to it on one of them). */
export function readsDemand(channels: readonly Channel[], sku: string): boolean {
  return channels.some((channel) => dynamicWindows(channel, sku).length > 0);
}

/**
 * Per channel listing the SKU with a dynamic buffer: the demand the model sizes it from — units the channel's
 * connection sold within a window ending now, and the connection's push latency. One read of the SKU's sales and
 * one of each such connection's latencies; channels without a dynamic buffer get nothing (and read nothing).
 */
export async function readDemand(
  context: ProjectionContext,
  sku: string,
  channels: readonly Channel[],
): Promise<Map<string, (windowMinutes: number) => DynamicBufferDemand>> {
  const dynamic = channels.filter((channel) => dynamicWindows(channel, sku).length > 0);
  const demand = new Map<string, (windowMinutes: number) => DynamicBufferDemand>();
  if (dynamic.length === 0) return demand;
  const nowMs = context.now().getTime();
  const longest = Math.max(...dynamic.flatMap((channel) => dynamicWindows(channel, sku))) * minuteMs;
  const connections = [...new Set(dynamic.map((channel) => channel.connection))];
  const [members, latencies] = await Promise.all([
    context.redis.zrangebyscore(context.keys.sku(sku).sales, `(${nowMs - longest}`, '+inf', 'WITHSCORES'),
    Promise.all(connections.map((connection) => pushLatencySeconds(context, connection))),
  ]);
  const sales: Array<{ connection: string; quantity: number; at: number }> = [];
  for (let index = 0; index < members.length; index += 2) {
    const [connection = '', quantity = '0'] = (members[index] ?? '').split(' ');
    sales.push({ connection, quantity: Number(quantity), at: Number(members[index + 1]) });
  }
  const latencyOf = new Map(connections.map((connection, index) => [connection, latencies[index]]));
  for (const channel of dynamic) {
    demand.set(channel.id, (windowMinutes) => {
      const since = nowMs - windowMinutes * minuteMs;
      const unitsSold = sales
        .filter((sale) => sale.connection === channel.connection && sale.at > since)
        .reduce((total, sale) => total + (Number.isFinite(sale.quantity) ? sale.quantity : 0), 0);
      return { unitsSold, measuredLatencySeconds: latencyOf.get(channel.connection) };
    });
  }
  return demand;
}
