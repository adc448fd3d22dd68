import type { PushPlan } from '@stockwire/engine';
import type { PipelineConnection } from '../jobs/connection.ts';

/**
 * The most connector batches one flush plans and sends at once. A flush is a chain of Redis and job round trips
 * (plan, push, settle, the next job) that each wait behind whatever else the process and Redis are doing: while
 * the apply workers ingest a backlog, one cycle took 2 to 8 s on two loaded cores, so one batch per cycle sent 6
 * Shopify mutations in the 37 s it took to apply 55,000 events and left the cost bucket full (its restored points
 * lost) until the applies ended (#14, tooling/bench/src/runner/try-shopify-convergence.ts). Forty batches a cycle
 * (Shopify: 10,000 quantities, 400 of the Standard bucket's 1,000 points) keep the bucket spending during such a
 * backlog; the bucket's own level scales it down (see `batchesForFlush`).
 */
export const maxBatchesPerFlush = 40;

/**
 * How many batches the next flush of this connection plans: one for a connector that fills a bulk batch over a
 * window (its batch is already a whole bulk document), that has no shared limiter (its vendor's limits are not
 * ours to guess), or whose limiter rates the runner's `pushQuantities` itself (one permit per flush is asked);
 * otherwise in proportion to how full the connection's emptiest bucket is, so a full bucket is spent in one cycle
 * and a nearly empty one is asked for one call, as before, instead of refusing most of a large plan.
 */
export async function batchesForFlush(runtime: PipelineConnection): Promise<number> {
  const { limiter } = runtime;
  const push = runtime.connector.push;
  if (push === undefined || push.fill !== undefined || limiter === undefined) return 1;
  if (limiter.policy.operations.pushQuantities !== undefined || limiter.policy.defaultLimit !== undefined) return 1;
  const headroom = await limiter.headroom().catch(() => 0);
  return Math.max(1, Math.min(maxBatchesPerFlush, Math.floor(headroom * maxBatchesPerFlush)));
}

/**
 * A plan of several batches cut into the connector's batch size, in the plan's order. Each part is its own request
 * with its own idempotency key: the plan's key (which covers every item, so a distinct plan has a distinct key)
 * and the part's place in it, so a true retry of the same plan cuts the same parts under the same keys. The values
 * already pushed stay with the first part only (they were acknowledged once, by planning).
 */
export function splitPlan(plan: PushPlan, batchSize: number): PushPlan[] {
  if (plan.items.length <= batchSize) return [plan];
  const count = Math.ceil(plan.items.length / batchSize);
  return Array.from({ length: count }, (_, index) => ({
    ...plan,
    items: plan.items.slice(index * batchSize, (index + 1) * batchSize),
    alreadyPushed: index === 0 ? plan.alreadyPushed : [],
    idempotencyKey: `${plan.idempotencyKey}-${index + 1}of${count}`,
  }));
}
