import { z } from 'zod';

const bucketName = z
  .string()
  .min(1)
  .optional()
  .describe('Operations naming the same bucket share it, e.g. every Shopify GraphQL query shares one cost bucket');

/** Amazon SP-API style: a sustained rate and a burst per operation. */
export const TokenBucketLimit = z.strictObject({
  kind: z.literal('token-bucket'),
  ratePerSecond: z.number().positive(),
  burst: z.number().positive(),
  bucket: bucketName,
});

/** Shopify GraphQL style: a bucket of points that refills; each call costs points. */
export const CostBucketLimit = z.strictObject({
  kind: z.literal('cost-bucket'),
  capacity: z.number().positive(),
  restorePerSecond: z.number().positive(),
  /** Cost reserved when the caller gives no estimate. */
  defaultCost: z.number().positive().default(1),
  bucket: bucketName,
});

/** NetSuite style: at most N requests in flight per account. */
export const ConcurrencyLimit = z.strictObject({
  kind: z.literal('concurrency'),
  slots: z.int().positive(),
  /** A slot not released within this frees itself; set above the slowest call's timeout. */
  leaseMs: z.int().positive(),
  /** Upper bound of the suggested wait when every slot is taken. */
  waitHintMs: z.int().positive().default(250),
  bucket: bucketName,
});

export const OperationLimit = z.discriminatedUnion('kind', [TokenBucketLimit, CostBucketLimit, ConcurrencyLimit]);

export const RateLimitFeedback = z.strictObject({
  /**
   * Response header that carries the current rate (requests per second) of the operation's token bucket, e.g.
   * Amazon's `x-amzn-RateLimit-Limit`.
   */
  rateHeader: z.string().min(1).optional(),
  /** How long a reported rate holds before the declared rate applies again. */
  rateValidityMs: z
    .int()
    .positive()
    .default(10 * 60_000),
  /** Where the vendor says how long to wait when it sends no `Retry-After`. */
  retryAfterHeader: z
    .strictObject({ name: z.string().min(1), unit: z.enum(['seconds', 'milliseconds', 'epoch-seconds']) })
    .optional(),
});

export const SlowDownSignals = z.strictObject({
  /** HTTP statuses that mean "too fast". */
  statuses: z.array(z.int()).default([429]),
  /** Vendor error codes that mean "too fast", e.g. `QuotaExceeded` (Amazon) or `THROTTLED` (Shopify). */
  errorCodes: z.array(z.string().min(1)).default([]),
  /** How long every process backs off when a slow-down signal carries no wait. */
  defaultPauseMs: z.int().positive().default(1_000),
});

/**
 * A vendor's published limits as data. Connectors export one; the kit's limiter interprets it, so no connector
 * sleeps or counts on its own.
 */
export const RateLimitPolicy = z.strictObject({
  /** Where the numbers come from (the vendor's documentation page), for whoever updates them. */
  source: z.string().optional(),
  /** Limits per operation name. */
  operations: z.record(z.string().min(1), OperationLimit).default({}),
  /** The limit for operations not listed, e.g. NetSuite's account-wide concurrency. Unlisted and no default: an error. */
  defaultLimit: OperationLimit.optional(),
  feedback: RateLimitFeedback.prefault({}),
  slowDown: SlowDownSignals.prefault({}),
});

/** What a connector declares (defaults may be left out). */
export type RateLimitPolicy = z.input<typeof RateLimitPolicy>;
/** The policy with every default filled in, as the limiter uses it. */
export type ResolvedRateLimitPolicy = z.output<typeof RateLimitPolicy>;
export type OperationLimit = z.output<typeof OperationLimit>;
export type TokenBucketLimit = z.output<typeof TokenBucketLimit>;
export type CostBucketLimit = z.output<typeof CostBucketLimit>;
export type ConcurrencyLimit = z.output<typeof ConcurrencyLimit>;
