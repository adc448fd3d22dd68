import { AuthenticationError, RateLimitedError, RequestRejectedError, TransientError } from '@stockwire/connector-spec';
import { describe, expect, it } from 'vitest';
import { describeShipBobErrorBody, shipBobErrorFromResponse } from './shipbob-errors.ts';

const context = { target: 'GET /2026-01/inventory-level/locations', connection: 'shipbob-us' };
const failure = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  shipBobErrorFromResponse(
    { status, headers, bodyText: typeof body === 'string' ? body : JSON.stringify(body) },
    context,
  );

describe('ShipBob error bodies → typed errors', () => {
  it('reads ProblemDetails, the validation map, Orders.ErrorResponse and the 429 body', () => {
    expect(describeShipBobErrorBody('{"type":"x","title":"Not Found","status":404,"detail":"no item 7"}')).toBe(
      'Not Found — no item 7',
    );
    expect(describeShipBobErrorBody('{"products[0].quantity":["must be positive"]}')).toBe(
      'products[0].quantity: must be positive',
    );
    expect(describeShipBobErrorBody('{"code":"VALIDATION_ERROR","message":"bad date"}')).toBe(
      'VALIDATION_ERROR — bad date',
    );
    expect(describeShipBobErrorBody('')).toBeUndefined();
  });

  it('401 is a non-retryable AuthenticationError naming the connection', () => {
    const error = failure(401, { title: 'Unauthorized', status: 401 });
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('connection "shipbob-us"');
    expect(error.message).toContain('ShipBob GET /2026-01/inventory-level/locations');
  });

  it('429 waits as long as x-retry-after says, or as the body says when the header is missing', () => {
    const body = { statusCode: 429, message: 'Rate limit is exceeded. Try again in 25 seconds.' };
    const withHeader = failure(429, body, { 'x-retry-after': '12', 'x-remaining-calls': '0' });
    expect(RateLimitedError.isInstance(withHeader)).toBe(true);
    expect((withHeader as RateLimitedError).retryAfterMs).toBe(12_000);
    expect(withHeader.retryable).toBe(true);
    expect((failure(429, body) as RateLimitedError).retryAfterMs).toBe(25_000);
  });

  it('5xx is transient; another 4xx is a rejected request with ShipBob’s explanation', () => {
    expect(TransientError.isInstance(failure(503, ''))).toBe(true);
    const rejected = failure(400, { title: 'Bad Request', detail: 'PageSize must be at most 250' });
    expect(RequestRejectedError.isInstance(rejected)).toBe(true);
    expect(rejected.retryable).toBe(false);
    expect(rejected.message).toContain('PageSize must be at most 250');
  });
});
