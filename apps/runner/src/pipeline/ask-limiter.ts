import type { RateLimitDecision } from '@stockwire/connector-kit';
import type { PipelineConnection } from '../jobs/connection.ts';

/**
 * The operation names the runner asks the limiter for: the ConnectorV2 method it is about to call. A connector
 * limits a call by declaring a limit under that name (or a `defaultLimit`); calls it declares nothing for are free.
 */
export type LimitedOperation = 'pushQuantities' | 'pullChanges' | 'pullOrders' | 'readSnapshot';

const unlimited: RateLimitDecision = { granted: true, release: async () => {} };

/** Asks the connection's shared limiter before one connector call. Never sleeps: a refusal says how long to wait. */
export async function askLimiter(runtime: PipelineConnection, operation: LimitedOperation): Promise<RateLimitDecision> {
  const limiter = runtime.limiter;
  if (limiter === undefined) return unlimited;
  if (limiter.policy.operations[operation] === undefined && limiter.policy.defaultLimit === undefined) return unlimited;
  return await limiter.acquire(operation);
}
