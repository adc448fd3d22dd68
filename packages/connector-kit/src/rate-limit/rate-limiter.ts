import type { RateLimitPolicyV2 } from '@stockwire/connector-spec';
import { parseRetryAfter, parseVendorRetryAfter } from '../http/parse-retry-after.ts';
import { bucketKey } from './bucket-keys.ts';
import { pauseBucket } from './bucket-pause.ts';
import { createConcurrencySlots } from './concurrency-slots.ts';
import { createCostBucket, type ThrottleStatus } from './cost-bucket.ts';
import { type OperationLimit, RateLimitPolicy, type ResolvedRateLimitPolicy } from './rate-limit-policy.ts';
import type { RedisConnection } from './redis-script.ts';
import { createTokenBucket } from './token-bucket.ts';

export interface RateLimiterOptions {
  redis: RedisConnection;
  /** The remote account (store, seller, NetSuite account) whose limits every process shares. */
  account: string;
  /** The spec's plain policy (or the kit's zod input, the same shape); validated and resolved here. */
  policy: RateLimitPolicyV2;
}

/** What the caller learned from the call, for the mechanisms that settle afterwards. */
export interface ReleaseOutcome {
  /** The cost the vendor actually charged (cost buckets); without it the estimate stands. */
  actualCost?: number;
  /** The vendor's own view of the bucket (cost buckets). */
  throttleStatus?: ThrottleStatus;
}

export type RateLimitDecision =
  | {
      granted: true;
      /** Call once the vendor call is over, success or not: frees the slot or settles the cost. Idempotent. */
      release(outcome?: ReleaseOutcome): Promise<void>;
    }
  | { granted: false; waitMs: number };

/** An answer the limiter learns from; the HTTP client's `rateFeedback` hook passes exactly this. */
export interface ObservedResponse {
  operation: string | undefined;
  status: number;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string>>;
  /** The vendor's error code, when the connector parsed one from the body. */
  errorCode?: string;
}

export interface RateLimiter {
  readonly account: string;
  readonly policy: ResolvedRateLimitPolicy;
  /**
   * Asks to make one call of `operation`. `cost` is the tokens (token bucket, default 1) or the estimated points
   * (cost bucket, default the declared default cost); concurrency ignores it. Never sleeps.
   */
  acquire(operation: string, cost?: number): Promise<RateLimitDecision>;
  /** Applies the vendor's rate header and slow-down signals of an answer to the shared state. */
  observe(response: ObservedResponse): Promise<void>;
  /** True when a status or vendor error code means "too fast" under this policy. */
  isSlowDown(signal: { status?: number | undefined; errorCode?: string | undefined }): boolean;
  /** Makes every process wait `durationMs` before the next call of the operation's bucket. */
  pause(operation: string, durationMs: number): Promise<void>;
  /** The Redis key holding the operation's state, for diagnostics. */
  keyFor(operation: string): string;
  /**
   * How full the bucket a call of `operation` draws from is right now: 0 (empty, or paused after a "too fast") to 1
   * (full), read without taking anything. Without an operation, or for one the policy does not limit, the emptiest
   * rated bucket the policy declares: a caller that does not know which vendor calls it is about to cause (the
   * runner before a push) is told the worst. 1 when nothing is rated; concurrency slots count as full (waiting to
   * batch saves them nothing over time).
   */
  headroom(operation?: string): Promise<number>;
}

interface ResolvedOperation {
  bucket: string;
  limit: OperationLimit;
}

/** Interprets a vendor's declared limits against state shared in Redis by every process of the account. */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const policy = RateLimitPolicy.parse(options.policy);
  const { redis, account } = options;
  checkSharedBuckets(policy);

  const resolve = (operation: string): ResolvedOperation | undefined => {
    const declared = policy.operations[operation];
    if (declared !== undefined) return { bucket: declared.bucket ?? operation, limit: declared };
    if (policy.defaultLimit !== undefined) {
      return { bucket: policy.defaultLimit.bucket ?? 'default', limit: policy.defaultLimit };
    }
    return undefined;
  };
  const resolveOrThrow = (operation: string): ResolvedOperation => {
    const resolved = resolve(operation);
    if (resolved !== undefined) return resolved;
    throw new Error(
      `operation "${operation}" has no rate limit in the policy of account "${account}"; declare it under ` +
        'operations, or set defaultLimit',
    );
  };

  const kindKey = { 'token-bucket': 'token-bucket', 'cost-bucket': 'cost-bucket', concurrency: 'slots' } as const;

  const limiter: RateLimiter = {
    account,
    policy,
    async acquire(operation, cost) {
      const { bucket, limit } = resolveOrThrow(operation);
      if (limit.kind === 'token-bucket') {
        const decision = await createTokenBucket({ ...limit, redis, account, bucket }).tryAcquire(cost ?? 1);
        return decision.granted ? { granted: true, release: async () => {} } : decision;
      }
      if (limit.kind === 'cost-bucket') {
        const costBucket = createCostBucket({ ...limit, redis, account, bucket });
        const estimatedCost = cost ?? limit.defaultCost;
        const decision = await costBucket.reserve(estimatedCost);
        if (!decision.granted) return decision;
        return {
          granted: true,
          release: once((outcome?: ReleaseOutcome) =>
            costBucket.settle(estimatedCost, outcome?.actualCost ?? estimatedCost, outcome?.throttleStatus),
          ),
        };
      }
      const slots = createConcurrencySlots({ ...limit, redis, account, bucket });
      const decision = await slots.acquireSlot();
      if (!decision.granted) return decision;
      return {
        granted: true,
        release: once(async () => {
          await slots.releaseSlot(decision.slotToken);
        }),
      };
    },
    async observe(response) {
      if (response.operation === undefined) return;
      const resolved = resolve(response.operation);
      if (resolved === undefined) return;
      const rateHeader = policy.feedback.rateHeader?.toLowerCase();
      const reportedRate = rateHeader === undefined ? undefined : Number(response.headers[rateHeader]);
      if (resolved.limit.kind === 'token-bucket' && reportedRate !== undefined && reportedRate > 0) {
        await createTokenBucket({ ...resolved.limit, redis, account, bucket: resolved.bucket }).updateRate(
          reportedRate,
          policy.feedback.rateValidityMs,
        );
      }
      if (limiter.isSlowDown({ status: response.status, errorCode: response.errorCode })) {
        await pauseBucket(redis, account, resolved.bucket, pauseFor(response, policy));
      }
    },
    isSlowDown(signal) {
      return (
        (signal.status !== undefined && policy.slowDown.statuses.includes(signal.status)) ||
        (signal.errorCode !== undefined && policy.slowDown.errorCodes.includes(signal.errorCode))
      );
    },
    async pause(operation, durationMs) {
      await pauseBucket(redis, account, resolveOrThrow(operation).bucket, durationMs);
    },
    keyFor(operation) {
      const { bucket, limit } = resolveOrThrow(operation);
      return bucketKey(account, kindKey[limit.kind], bucket);
    },
    async headroom(operation) {
      const resolved = operation === undefined ? undefined : resolve(operation);
      const buckets = resolved === undefined ? ratedBuckets(policy) : new Map([[resolved.bucket, resolved.limit]]);
      let emptiest = 1;
      for (const [bucket, limit] of buckets) {
        if (limit.kind === 'token-bucket') {
          emptiest = Math.min(emptiest, await createTokenBucket({ ...limit, redis, account, bucket }).level());
        } else if (limit.kind === 'cost-bucket') {
          emptiest = Math.min(emptiest, await createCostBucket({ ...limit, redis, account, bucket }).level());
        }
      }
      return emptiest;
    },
  };
  return limiter;
}

/** How long every process backs off after a slow-down signal: the vendor's own wait when it gave one. */
function pauseFor(response: ObservedResponse, policy: ResolvedRateLimitPolicy): number {
  const now = Date.now();
  const vendorHeader = policy.feedback.retryAfterHeader;
  return (
    parseRetryAfter(response.headers['retry-after'], now) ??
    (vendorHeader === undefined
      ? undefined
      : parseVendorRetryAfter(response.headers[vendorHeader.name.toLowerCase()], vendorHeader.unit, now)) ??
    policy.slowDown.defaultPauseMs
  );
}

/** Every bucket the policy declares, once each, with its limit. */
function ratedBuckets(policy: ResolvedRateLimitPolicy): Map<string, OperationLimit> {
  const buckets = new Map<string, OperationLimit>();
  for (const [operation, limit] of Object.entries(policy.operations)) buckets.set(limit.bucket ?? operation, limit);
  if (policy.defaultLimit !== undefined) buckets.set(policy.defaultLimit.bucket ?? 'default', policy.defaultLimit);
  return buckets;
}

/** Operations that name the same bucket must describe it the same way, or the shared state would be read two ways. */
function checkSharedBuckets(policy: ResolvedRateLimitPolicy): void {
  const byBucket = new Map<string, { operation: string; limit: OperationLimit }>();
  for (const [operation, limit] of Object.entries(policy.operations)) {
    const bucket = limit.bucket ?? operation;
    const first = byBucket.get(bucket);
    if (first === undefined) byBucket.set(bucket, { operation, limit });
    else if (JSON.stringify(first.limit) !== JSON.stringify(limit)) {
      throw new Error(
        `operations "${first.operation}" and "${operation}" share bucket "${bucket}" but declare different limits; ` +
          'give them the same limit or different buckets',
      );
    }
  }
}

function once<Argument>(release: (argument?: Argument) => Promise<void>): (argument?: Argument) => Promise<void> {
  let released: Promise<void> | undefined;
  return (argument) => {
    released ??= release(argument);
    return released;
  };
}
