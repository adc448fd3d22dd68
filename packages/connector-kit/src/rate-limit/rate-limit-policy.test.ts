import type { RateLimiterV2, RateLimitPolicyV2 } from '@stockwire/connector-spec';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { RateLimitPolicy, type ResolvedRateLimitPolicy } from './rate-limit-policy.ts';
import type { createRateLimiter, RateLimiter } from './rate-limiter.ts';

describe('the kit validates the spec rate-limit shape', () => {
  it('the zod schema describes the same shape as the spec type, in both directions', () => {
    // The spec holds the plain type so it needs no zod; these assertions fail typecheck when the two drift apart.
    expectTypeOf<RateLimitPolicy>().toExtend<RateLimitPolicyV2>();
    expectTypeOf<ResolvedRateLimitPolicy>().toExtend<RateLimitPolicyV2>();
    expectTypeOf<RateLimiter>().toExtend<RateLimiterV2>();
    const declared = {
      source: 'https://example.com/limits',
      operations: { read: { kind: 'token-bucket', ratePerSecond: 2, burst: 10 } },
      slowDown: { errorCodes: ['THROTTLED'] },
    } satisfies RateLimitPolicyV2;
    expectTypeOf(declared).toExtend<RateLimitPolicy>();
    // What a connector declares as the spec type is what the kit's limiter takes.
    expectTypeOf<RateLimitPolicyV2>().toExtend<Parameters<typeof createRateLimiter>[0]['policy']>();
  });

  it('accepts a spec policy and fills the defaults the limiter uses', () => {
    const declared: RateLimitPolicyV2 = {
      operations: { query: { kind: 'cost-bucket', capacity: 1_000, restorePerSecond: 50 } },
    };
    const resolved = RateLimitPolicy.parse(declared);
    expect(resolved.operations.query).toEqual({
      kind: 'cost-bucket',
      capacity: 1_000,
      restorePerSecond: 50,
      defaultCost: 1,
    });
    expect(resolved.slowDown).toEqual({ statuses: [429], errorCodes: [], defaultPauseMs: 1_000 });
  });
});
