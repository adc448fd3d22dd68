import { RateLimitPolicy } from '@stockwire/connector-kit';
import { describe, expect, it } from 'vitest';
import { ebayPublishedDailyLimits, ebayRateLimits } from './ebay-rate-limits.ts';

describe('ebayRateLimits', () => {
  const policy = RateLimitPolicy.parse(ebayRateLimits);

  it('spends no more than eBay’s daily call limit of each API over a day, burst included', () => {
    const perDay = (operation: string) => {
      const limit = policy.operations[operation];
      return limit?.kind === 'token-bucket' ? limit.ratePerSecond * 86_400 + limit.burst : Number.NaN;
    };
    expect(perDay('bulkUpdatePriceQuantity')).toBeLessThanOrEqual(ebayPublishedDailyLimits.inventory);
    expect(perDay('getOrders')).toBeLessThanOrEqual(ebayPublishedDailyLimits.fulfillment);
    expect(perDay('getPublicKey')).toBeLessThanOrEqual(ebayPublishedDailyLimits.notification);
  });

  it('shares one bucket per eBay API, and reads 429 and errorId 2001 as “slow down”', () => {
    expect(policy.operations.getInventoryItems?.bucket).toBe('inventory');
    expect(policy.operations.bulkUpdatePriceQuantity?.bucket).toBe('inventory');
    expect(policy.operations.getOrder?.bucket).toBe('fulfillment');
    expect(policy.slowDown.statuses).toContain(429);
    expect(policy.slowDown.errorCodes).toContain('2001');
    // The runner's own asks are not charged: the connector asks once per HTTP request.
    expect(policy.defaultLimit).toBeUndefined();
  });
});
