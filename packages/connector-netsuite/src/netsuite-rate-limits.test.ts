import { RateLimitPolicy } from '@stockwire/connector-kit';
import { describe, expect, it } from 'vitest';
import { netSuiteOperations, netSuiteRateLimitsFor } from './netsuite-rate-limits.ts';

describe('the NetSuite concurrency policy', () => {
  it('gives every HTTP call the connector makes one slot of one account-wide bucket', () => {
    const policy = RateLimitPolicy.parse(netSuiteRateLimitsFor(5));
    expect(Object.keys(policy.operations).sort()).toEqual([...netSuiteOperations].sort());
    for (const operation of netSuiteOperations) {
      expect(policy.operations[operation]).toMatchObject({ kind: 'concurrency', slots: 5, bucket: 'account' });
    }
  });

  it("limits nothing else, so a caller's permit per connector method never takes a second slot of the account", () => {
    // The runner asks the limiter per ConnectorV2 method and skips methods the policy does not name; a default
    // limit would make it hold a slot around each call that itself takes one (two runners then starved each other).
    const policy = RateLimitPolicy.parse(netSuiteRateLimitsFor(5));
    expect(policy.defaultLimit).toBeUndefined();
    for (const method of ['readSnapshot', 'pullChanges', 'pullOrders', 'pushQuantities']) {
      expect(policy.operations[method]).toBeUndefined();
    }
  });
});
