import {
  AuthenticationError,
  ConnectorConfigurationError,
  MalformedPayloadError,
  RateLimitedError,
  TransientError,
} from '@stockwire/connector-spec';
import { describe, expect, it } from 'vitest';
import { MissingSecretError } from '../config/resolve-secret.ts';
import { isPermanent, isRetryable } from './retry-rule.ts';

describe('the retry rule: an error is permanent only when it says retryable: false', () => {
  it('retries the spec errors that say retryable: true', () => {
    const transient = new TransientError({ reason: 'HTTP 503', target: 'GET /inventory', connection: 'acme' });
    const rateLimited = new RateLimitedError({ retryAfterMs: 2_000, refusedBy: 'vendor', connection: 'acme' });
    expect([transient.retryable, rateLimited.retryable]).toEqual([true, true]);
    expect(isRetryable(transient)).toBe(true);
    expect(isRetryable(rateLimited)).toBe(true);
    expect(isPermanent(transient)).toBe(false);
  });

  it('does not retry the spec and runner errors that say retryable: false', () => {
    const errors = [
      new AuthenticationError({ connection: 'acme', vendorStatus: 401 }),
      new MalformedPayloadError({
        connection: 'acme',
        what: 'the levels response',
        path: '$.levels[0].quantity',
        problem: 'not a number',
      }),
      new ConnectorConfigurationError({ connector: 'acme', system: 'Acme', connection: 'acme', problem: 'no url' }),
      new MissingSecretError('connections.acme.settings.token', 'ACME_TOKEN', false),
      Object.assign(new Error('connection "acme" cannot read a snapshot'), { retryable: false }),
    ];
    for (const error of errors) {
      expect(error.retryable).toBe(false);
      expect(isRetryable(error)).toBe(false);
      expect(isPermanent(error)).toBe(true);
    }
  });

  it('retries a plain Error, which says nothing: a Redis blip, an unmapped SDK network error or a bug', () => {
    const redisClosed = new Error('Connection is closed.');
    expect(isRetryable(redisClosed)).toBe(true);
    expect(isPermanent(redisClosed)).toBe(false);
    // Only the boolean false is a verdict: anything else in the field says nothing either.
    expect(isRetryable(Object.assign(new Error('odd'), { retryable: 'false' }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('odd'), { retryable: 0 }))).toBe(true);
  });

  it('retries thrown values that are not Errors, since they say nothing either', () => {
    for (const thrown of ['ECONNRESET', 42, undefined, null, { code: 'ETIMEDOUT' }]) {
      expect(isRetryable(thrown)).toBe(true);
      expect(isPermanent(thrown)).toBe(false);
    }
    // A plain object can still give the verdict: the field is read, not the class.
    expect(isRetryable({ retryable: false, message: 'refused' })).toBe(false);
  });
});
