export { accountHashTag, type BucketKind, bucketKey } from './bucket-keys.ts';
export {
  type ConcurrencySlots,
  type ConcurrencySlotsOptions,
  createConcurrencySlots,
  type SlotDecision,
} from './concurrency-slots.ts';
export { type CostBucket, type CostBucketOptions, createCostBucket, type ThrottleStatus } from './cost-bucket.ts';
export type { LimitDecision } from './limit-decision.ts';
export {
  ConcurrencyLimit,
  CostBucketLimit,
  OperationLimit,
  RateLimitFeedback,
  RateLimitPolicy,
  type ResolvedRateLimitPolicy,
  SlowDownSignals,
  TokenBucketLimit,
} from './rate-limit-policy.ts';
export {
  createRateLimiter,
  type ObservedResponse,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimiterOptions,
  type ReleaseOutcome,
} from './rate-limiter.ts';
export type { RedisConnection } from './redis-script.ts';
export {
  createTokenBucket,
  defaultRateFeedbackValidityMs,
  type TokenBucket,
  type TokenBucketOptions,
} from './token-bucket.ts';
