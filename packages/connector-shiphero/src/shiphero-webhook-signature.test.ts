import { describe, expect, it } from 'vitest';
import { retryAfterOf, shipHeroGraphqlFailure } from './shiphero-errors.ts';
import { shipHeroSignatureProblem, signShipHeroWebhook } from './shiphero-webhook-signature.ts';

describe('ShipHero webhook signatures', () => {
  const body = Buffer.from('{"webhook_type":"Inventory Update","inventory":[]}', 'utf8');

  it('is the base64 HMAC-SHA256 of the raw body with the shared signature secret', () => {
    // The same as: printf '%s' "$body" | openssl dgst -sha256 -hmac secret -binary | base64
    expect(signShipHeroWebhook('secret', body)).toBe('5NbPEdIuvnkZL11k5IBmDrBA86XGYJ/RXfTzEZqUchE=');
    expect(shipHeroSignatureProblem('secret', body, signShipHeroWebhook('secret', body))).toBeUndefined();
  });

  it('names a missing header, a changed body and a wrong secret', () => {
    expect(shipHeroSignatureProblem('secret', body, undefined)).toMatch(/missing/);
    const signature = signShipHeroWebhook('secret', body);
    expect(shipHeroSignatureProblem('secret', Buffer.concat([body, Buffer.from(' ')]), signature)).toMatch(/match/);
    expect(shipHeroSignatureProblem('another', body, signature)).toMatch(/match/);
  });
});

describe('ShipHero errors inside HTTP 200', () => {
  it('reads a throttled answer (code 30) as RateLimitedError with the wait ShipHero gives', () => {
    const throttled = {
      code: 30,
      message: 'There are not enough credits … Please try again in 12 seconds',
      time_remaining: '12 seconds',
    };
    expect(retryAfterOf(throttled)).toBe(12_000);
    expect(retryAfterOf({ message: 'try again in 1.5 seconds' })).toBe(1_500);
    const error = shipHeroGraphqlFailure([throttled], {}, { operation: 'WarehouseProductsPage', connection: 'c' });
    expect(error).toMatchObject({ name: 'RateLimitedError', retryAfterMs: 12_000, retryable: true });
  });

  it('reads any other error as a rejected request naming its code', () => {
    const error = shipHeroGraphqlFailure(
      [{ code: 22, message: 'Cannot query field "qty"' }],
      {},
      {
        operation: 'WarehouseProductsPage',
        connection: 'c',
      },
    );
    expect(error.name).toBe('RequestRejectedError');
    expect(error.message).toMatch(/Cannot query field "qty" \(code 22\)/);
  });
});
