import {
  AuthenticationError,
  PermanentItemError,
  RateLimitedError,
  RequestRejectedError,
  TransientError,
} from '@stockwire/connector-spec';
import { describe, expect, it } from 'vitest';
import { ebayErrorFromResponse, ebayItemError } from './ebay-errors.ts';

const context = { connection: 'ebay-us', item: 'SKU MUG-1' };
const body = (errors: unknown[]) => JSON.stringify({ errors });

describe('eBay error bodies', () => {
  it('25701 (SKU not found) is permanent for that item, with the parameters in the message', () => {
    const error = ebayItemError(
      [
        {
          errorId: 25701,
          domain: 'API_INVENTORY',
          category: 'REQUEST',
          message: 'The SKU MUG-1 could not be found.',
          parameters: [{ name: 'sku', value: 'MUG-1' }],
        },
      ],
      404,
      context,
    );
    expect(PermanentItemError.isInstance(error)).toBe(true);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/25701 The SKU MUG-1 could not be found\. \(sku=MUG-1\)/);
  });

  it('a SYSTEM error (25001) is retryable, even inside a 207', () => {
    const error = ebayItemError(
      [{ errorId: 25001, domain: 'API_INVENTORY', category: 'SYSTEM', message: 'A system error has occurred.' }],
      207,
      context,
    );
    expect(TransientError.isInstance(error)).toBe(true);
    expect(error.retryable).toBe(true);
  });

  it('whole-call answers: 429 waits as told, 401 is authentication, 500 transient, 400 rejected', () => {
    const of = (status: number, errors: unknown[], retryAfterMs?: number) =>
      ebayErrorFromResponse(
        { status, bodyText: body(errors), retryAfterMs },
        { target: 'GET /offer', connection: 'ebay-us' },
      );
    const limited = of(429, [{ errorId: 2001, category: 'REQUEST', message: 'Too many requests.' }], 7_000);
    expect(RateLimitedError.isInstance(limited) && limited.retryAfterMs).toBe(7_000);
    expect(AuthenticationError.isInstance(of(401, [{ errorId: 1001, message: 'Invalid access token' }]))).toBe(true);
    expect(TransientError.isInstance(of(500, [{ errorId: 25001, category: 'SYSTEM' }]))).toBe(true);
    const rejected = of(400, [{ errorId: 25709, category: 'REQUEST', message: 'Invalid value for limit.' }]);
    expect(RequestRejectedError.isInstance(rejected)).toBe(true);
    expect(rejected.message).toMatch(/25709 Invalid value for limit/);
  });
});
