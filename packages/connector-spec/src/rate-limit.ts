/**
 * A vendor's published limits as plain data (the kit's zod `RateLimitPolicy` schema validates exactly this
 * shape and fills its defaults). Connectors export one; the kit's limiter interprets it, so no connector sleeps
 * or counts on its own.
 */

/** Amazon SP-API style: a sustained rate and a burst per operation. */
export interface TokenBucketLimitV2 {
  readonly kind: 'token-bucket';
  readonly ratePerSecond: number;
  readonly burst: number;
  /** Operations naming the same bucket share it. */
  readonly bucket?: string | undefined;
}

/** Shopify GraphQL style: a bucket of points that refills; each call costs points. */
export interface CostBucketLimitV2 {
  readonly kind: 'cost-bucket';
  readonly capacity: number;
  readonly restorePerSecond: number;
  /** Cost reserved when the caller gives no estimate (default 1). */
  readonly defaultCost?: number | undefined;
  readonly bucket?: string | undefined;
}

/** NetSuite style: at most N requests in flight per account. */
export interface ConcurrencyLimitV2 {
  readonly kind: 'concurrency';
  readonly slots: number;
  /** A slot not released within this frees itself; set above the slowest call's timeout. */
  readonly leaseMs: number;
  /** Upper bound of the suggested wait when every slot is taken (default 250). */
  readonly waitHintMs?: number | undefined;
  readonly bucket?: string | undefined;
}

export type OperationLimitV2 = TokenBucketLimitV2 | CostBucketLimitV2 | ConcurrencyLimitV2;

export interface RateLimitFeedbackV2 {
  /** Response header carrying the current rate of the operation's token bucket, e.g. `x-amzn-RateLimit-Limit`. */
  readonly rateHeader?: string | undefined;
  /** How long a reported rate holds before the declared rate applies again (default 10 minutes). */
  readonly rateValidityMs?: number | undefined;
  /** Where the vendor says how long to wait when it sends no `Retry-After`. */
  readonly retryAfterHeader?:
    | { readonly name: string; readonly unit: 'seconds' | 'milliseconds' | 'epoch-seconds' }
    | undefined;
}

export interface SlowDownSignalsV2 {
  /** HTTP statuses that mean "too fast" (default [429]). */
  readonly statuses?: readonly number[] | undefined;
  /** Vendor error codes that mean "too fast", e.g. `QuotaExceeded` (Amazon) or `THROTTLED` (Shopify). */
  readonly errorCodes?: readonly string[] | undefined;
  /** How long every process backs off when a slow-down signal carries no wait (default 1 000 ms). */
  readonly defaultPauseMs?: number | undefined;
}

export interface RateLimitPolicyV2 {
  /** Where the numbers come from (the vendor's documentation page), for whoever updates them. */
  readonly source?: string | undefined;
  /** Limits per operation name. */
  readonly operations?: Readonly<Record<string, OperationLimitV2>> | undefined;
  /** The limit for operations not listed. Unlisted and no default: an error. */
  readonly defaultLimit?: OperationLimitV2 | undefined;
  readonly feedback?: RateLimitFeedbackV2 | undefined;
  readonly slowDown?: SlowDownSignalsV2 | undefined;
}

/** Granted: call `release` once the vendor call is over. Refused: ask again after `waitMs` (never sleep). */
export type RateLimitDecisionV2 =
  | {
      readonly granted: true;
      release(outcome?: {
        readonly actualCost?: number;
        readonly throttleStatus?: {
          readonly maximumAvailable: number;
          readonly currentlyAvailable: number;
          readonly restoreRate: number;
        };
      }): Promise<void>;
    }
  | { readonly granted: false; readonly waitMs: number };

/** An answer the limiter learns from. */
export interface ObservedResponseV2 {
  readonly operation: string | undefined;
  readonly status: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly errorCode?: string;
}

/** The limiter every process of one account shares; the kit implements it over Redis. */
export interface RateLimiterV2 {
  readonly account: string;
  readonly policy: RateLimitPolicyV2;
  /** Asks to make one call of `operation` (cost: tokens or estimated points). Never sleeps. */
  acquire(operation: string, cost?: number): Promise<RateLimitDecisionV2>;
  /** Applies the vendor's rate header and slow-down signals of an answer to the shared state. */
  observe(response: ObservedResponseV2): Promise<void>;
  /** True when a status or vendor error code means "too fast" under this policy. */
  isSlowDown(signal: { status?: number | undefined; errorCode?: string | undefined }): boolean;
  /** Makes every process wait `durationMs` before the next call of the operation's bucket. */
  pause(operation: string, durationMs: number): Promise<void>;
  /** The Redis key holding the operation's state, for diagnostics. */
  keyFor(operation: string): string;
}
