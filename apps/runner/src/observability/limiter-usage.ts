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
  /**
   * How far this process has drawn down its busiest rated bucket, as a share of the bucket's size (burst or
   * capacity): 0 = full, 1 = empty (the next call waits). Units come back at the declared sustained rate. The
   * deepest point since the previous call counts, so a bucket that refills between two dashboard samples still
   * shows the burst it absorbed. Null before a limiter is counted or when its policy declares no rated bucket.
   */
  budgetUsed(): number | null;
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

/** A rated bucket as this process sees it: what it took and has not yet been given back by the refill. */
interface DrawnBucket {
  drawn: number;
  updatedAt: number;
}

export function createLimiterUsage(options: { now?: () => number } = {}): LimiterUsage {
  const now = options.now ?? Date.now;
  const granted = new Map<string, number>();
  const drawnBuckets = new Map<string, DrawnBucket>();
  /** The most each bucket was drawn since budgetUsed() was last read. */
  const deepest = new Map<string, number>();
  let countedPolicy: ResolvedRateLimitPolicy | undefined;
  const sizes = () => (countedPolicy === undefined ? new Map<string, BucketSize>() : bucketSizes(countedPolicy));
  /** What is still drawn of `bucket` at `at`, after the refill since its last update. */
  const drawnAt = (bucket: string, at: number) => {
    const entry = drawnBuckets.get(bucket);
    const size = sizes().get(bucket);
    if (entry === undefined || size === undefined) return 0;
    return Math.max(0, entry.drawn - (size.ratePerSecond * Math.max(0, at - entry.updatedAt)) / 1000);
  };
  const add = (bucket: string, units: number) => {
    granted.set(bucket, (granted.get(bucket) ?? 0) + units);
    const at = now();
    const drawn = Math.max(0, drawnAt(bucket, at) + units);
    drawnBuckets.set(bucket, { drawn, updatedAt: at });
    deepest.set(bucket, Math.max(deepest.get(bucket) ?? 0, drawn));
  };
  return {
    granted: () => granted,
    budgetUsed() {
      const rated = sizes();
      if (rated.size === 0) return null;
      const at = now();
      let busiest = 0;
      for (const [bucket, size] of rated) {
        const drawn = Math.max(deepest.get(bucket) ?? 0, drawnAt(bucket, at));
        busiest = Math.max(busiest, drawn / size.size);
      }
      deepest.clear();
      return busiest;
    },
    counting(limiter) {
      countedPolicy = limiter.policy;
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

interface BucketSize {
  /** Units the bucket holds when full: a token bucket's burst, a cost bucket's capacity. */
  readonly size: number;
  readonly ratePerSecond: number;
}

/**
 * Size and refill of each rated bucket of a policy. The budget is the bucket, not its sustained rate alone: one
 * call in a two-second sample to an operation allowed once per 3 minutes with a burst of 20 (Amazon's
 * searchOrders) is 5 % of the bucket, where dividing by the sustained rate read 17,844 % (issue #13.8).
 */
function bucketSizes(policy: ResolvedRateLimitPolicy): Map<string, BucketSize> {
  const sizes = new Map<string, BucketSize>();
  const limits: Array<[string, OperationLimit]> = Object.entries(policy.operations).map(([operation, limit]) => [
    limit.bucket ?? operation,
    limit,
  ]);
  if (policy.defaultLimit !== undefined) limits.push([policy.defaultLimit.bucket ?? 'default', policy.defaultLimit]);
  for (const [bucket, limit] of limits) {
    if (limit.kind === 'token-bucket') sizes.set(bucket, { size: limit.burst, ratePerSecond: limit.ratePerSecond });
    if (limit.kind === 'cost-bucket')
      sizes.set(bucket, { size: limit.capacity, ratePerSecond: limit.restorePerSecond });
  }
  return sizes;
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
