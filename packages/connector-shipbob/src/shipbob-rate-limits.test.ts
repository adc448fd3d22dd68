import { RateLimitPolicy } from '@stockwire/connector-kit';
import { describe, expect, it } from 'vitest';
import { bucketCeiling, shipBobAccountBucket, shipBobOperations, shipBobRateLimits } from './shipbob-rate-limits.ts';

describe('shipBobRateLimits', () => {
  const policy = RateLimitPolicy.parse(shipBobRateLimits);

  it('puts every ShipBob request in one account bucket that stays inside 150 requests a minute', () => {
    for (const operation of shipBobOperations) expect(policy.operations[operation]?.bucket).toBe('account');
    expect(bucketCeiling(shipBobAccountBucket, 60)).toBe(150);
  });

  it("charges nothing for the runner's asks before a pull or a snapshot page (the connector asks per request)", () => {
    // A default limit would make the runner's ask take a token before each pull, and the connector's own ask then
    // find the bucket empty: two tokens per request, and a poll that the runner's ask starves.
    expect(policy.defaultLimit).toBeUndefined();
    for (const runnerOperation of ['pullChanges', 'pullOrders', 'readSnapshot', 'pushQuantities']) {
      expect(policy.operations[runnerOperation]).toBeUndefined();
    }
  });
});
