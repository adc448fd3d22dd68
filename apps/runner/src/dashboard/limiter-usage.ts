import type { OperationLimit, RateLimiter, ResolvedRateLimitPolicy } from '@stockwire/connector-kit';

/**
 * What this process took from a connection's shared limiter: the tokens (token buckets) or points (cost buckets)
 * granted per bucket since start, settled to the vendor's actual cost when the connector reports it. Counted here
 * rather than from the runner's own call counter because connectors (Shopify, Amazon) ask the limiter under their
 * vendor operation names, which the runner never sees.
 */
export interface LimiterUsage {
  /** Cumulative units granted per bucket name. */
  granted(): ReadonlyMap<string, number>;
  /** The limiter, counting every grant into this usage. */
  counting(limiter: RateLimiter): RateLimiter;
}

/** The bucket an operation draws from, as the kit's limiter resolves it. */
function bucketOf(
  policy: ResolvedRateLimitPolicy,
  operation: string,
): { bucket: string; limit: OperationLimit } | undefined {
  const declared = policy.operations[operation];
  if (declared !== undefined) return { bucket: declared.bucket ?? operation, limit: declared };
  if (policy.defaultLimit !== undefined)
    return { bucket: policy.defaultLimit.bucket ?? 'default', limit: policy.defaultLimit };
  return undefined;
}

export function createLimiterUsage(): LimiterUsage {
  const granted = new Map<string, number>();
  const add = (bucket: string, units: number) => granted.set(bucket, (granted.get(bucket) ?? 0) + units);
  return {
    granted: () => granted,
    counting(limiter) {
      return {
        ...limiter,
        async acquire(operation, cost) {
          const decision = await limiter.acquire(operation, cost);
          const resolved = bucketOf(limiter.policy, operation);
          // Concurrency slots have no rate to use up; only rated buckets count.
          if (!decision.granted || resolved === undefined || resolved.limit.kind === 'concurrency') return decision;
          const { bucket, limit } = resolved;
          const estimate = cost ?? (limit.kind === 'cost-bucket' ? limit.defaultCost : 1);
          add(bucket, estimate);
          return {
            granted: true,
            async release(outcome) {
              if (outcome?.actualCost !== undefined) add(bucket, outcome.actualCost - estimate);
              await decision.release(outcome);
            },
          };
        },
      };
    },
  };
}

/**
 * The sustained rate of each rated bucket of a policy, in units per second, as declared (a rate a vendor reports
 * in a header, such as Amazon's, is not reflected). Concurrency limits have none.
 */
export function sustainedRates(policy: ResolvedRateLimitPolicy): Map<string, number> {
  const rates = new Map<string, number>();
  const limits: Array<[string, OperationLimit]> = Object.entries(policy.operations).map(([operation, limit]) => [
    limit.bucket ?? operation,
    limit,
  ]);
  if (policy.defaultLimit !== undefined) limits.push([policy.defaultLimit.bucket ?? 'default', policy.defaultLimit]);
  for (const [bucket, limit] of limits) {
    if (limit.kind === 'token-bucket') rates.set(bucket, limit.ratePerSecond);
    if (limit.kind === 'cost-bucket') rates.set(bucket, limit.restorePerSecond);
  }
  return rates;
}
