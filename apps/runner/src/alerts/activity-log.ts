import { randomUUID } from 'node:crypto';
import type { PipelineContext } from '../jobs/pipeline-context.ts';

/**
 * What the alert conditions look back on, kept in Redis so that every runner of an installation contributes to
 * and reads the same windows (a per-process counter would see only its own share of the calls and sales).
 */
type ActivityContext = Pick<PipelineContext, 'redis' | 'keys' | 'options' | 'now'>;

const longestWindowMs = (context: ActivityContext) => {
  const { alerts } = context.options;
  return Math.max(alerts.errorRateWindowSeconds, alerts.oversellWindowSeconds) * 1_000;
};
/** Nobody reads the windows without a webhook to alert: recording would only cost Redis writes. */
const recording = (context: ActivityContext) => context.options.alerts.webhookUrl !== undefined;

/** One connector call (a push, a poll, a snapshot page) and whether it failed. */
export async function recordCall(context: ActivityContext, connection: string, failed: boolean): Promise<void> {
  if (!recording(context)) return;
  const now = context.now();
  const member = `${now} ${randomUUID()}`;
  const keys = [context.keys.calls(connection), ...(failed ? [context.keys.failedCalls(connection)] : [])];
  const transaction = context.redis.multi();
  for (const key of keys) {
    transaction.zadd(key, now, member);
    transaction.zremrangebyscore(key, '-inf', now - longestWindowMs(context));
    transaction.pexpire(key, longestWindowMs(context));
  }
  await transaction.exec();
}

export async function callsWithin(
  context: ActivityContext,
  connection: string,
  windowMs: number,
): Promise<{ calls: number; failed: number }> {
  const since = context.now() - windowMs;
  const [calls, failed] = await Promise.all([
    context.redis.zcount(context.keys.calls(connection), since, '+inf'),
    context.redis.zcount(context.keys.failedCalls(connection), since, '+inf'),
  ]);
  return { calls, failed };
}

/** Units sold, by applied event: the event id makes a redelivered event count once. */
export async function recordSales(
  context: ActivityContext,
  sales: ReadonlyArray<{ sku: string; quantity: number; eventId: string }>,
): Promise<void> {
  if (!recording(context) || sales.length === 0) return;
  const now = context.now();
  const transaction = context.redis.multi();
  for (const sale of sales) transaction.zadd(context.keys.sales, now, `${sale.sku} ${sale.quantity} ${sale.eventId}`);
  transaction.zremrangebyscore(context.keys.sales, '-inf', now - longestWindowMs(context));
  await transaction.exec();
}

/** SKU → units sold within the window. */
export async function salesWithin(context: ActivityContext, windowMs: number): Promise<Map<string, number>> {
  const members = await context.redis.zrangebyscore(context.keys.sales, context.now() - windowMs, '+inf');
  const sold = new Map<string, number>();
  for (const member of members) {
    const [sku = '', quantity = '0'] = member.split(' ');
    sold.set(sku, (sold.get(sku) ?? 0) + Number(quantity));
  }
  return sold;
}

export async function recordPushLatency(context: ActivityContext, connection: string, seconds: number): Promise<void> {
  if (!recording(context)) return;
  await context.redis.set(context.keys.pushLatency(connection), String(seconds), 'PX', longestWindowMs(context));
}

/** The connection's latest event-to-push latency in seconds, when one was observed within the longest window. */
export async function latestPushLatency(context: ActivityContext, connection: string): Promise<number | undefined> {
  const value = await context.redis.get(context.keys.pushLatency(connection));
  return value === null ? undefined : Number(value);
}
