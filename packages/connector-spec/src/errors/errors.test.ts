import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  AuthenticationError,
  ConnectorError,
  MalformedPayloadError,
  PermanentItemError,
  RateLimitedError,
  RequestRejectedError,
  redactSecrets,
  TransientError,
  UnmappedLocationError,
  UnmappedSkuError,
  UnsupportedCapabilityError,
  WebhookSignatureError,
} from './index.ts';

describe('redactSecrets', () => {
  it('removes every occurrence, the URL-encoded form, and overlapping secrets whole', () => {
    const text = 'token=ab/cd+ef&again=ab%2Fcd%2Bef header ab/cd+ef-long and ab/cd+ef';
    expect(redactSecrets(text, ['ab/cd+ef', 'ab/cd+ef-long', '', undefined])).toBe(
      'token=[REDACTED]&again=[REDACTED] header [REDACTED] and [REDACTED]',
    );
  });
});

describe('connector errors', () => {
  it('give each kind a stable name, code and retryable flag', () => {
    const context = { connection: 'shop-eu' };
    const errors = [
      new RateLimitedError({ ...context, retryAfterMs: 2_000 }),
      new TransientError({ ...context, reason: 'HTTP 503' }),
      new AuthenticationError({ ...context, vendorStatus: 401 }),
      new PermanentItemError({ ...context, item: 'SKU-1', reason: 'listing deleted' }),
      new RequestRejectedError({ ...context, target: 'PUT /x', vendorStatus: 422 }),
      new UnmappedSkuError({ ...context, externalSku: 'ABC' }),
      new UnmappedLocationError({ ...context, externalLocation: '77' }),
      new MalformedPayloadError({
        ...context,
        what: 'the orders response',
        path: '$.orders[0]',
        problem: 'missing id',
      }),
      new WebhookSignatureError({ ...context, reason: 'signature mismatch' }),
      new UnsupportedCapabilityError({ ...context, capability: 'webhooks', connector: 'file' }),
    ];
    expect(errors.map((error) => [error.name, error.code, error.retryable])).toEqual([
      ['RateLimitedError', 'rate_limited', true],
      ['TransientError', 'transient', true],
      ['AuthenticationError', 'authentication_failed', false],
      ['PermanentItemError', 'permanent_item', false],
      ['RequestRejectedError', 'request_rejected', false],
      ['UnmappedSkuError', 'unmapped_sku', false],
      ['UnmappedLocationError', 'unmapped_location', false],
      ['MalformedPayloadError', 'malformed_payload', false],
      ['WebhookSignatureError', 'webhook_signature_invalid', false],
      ['UnsupportedCapabilityError', 'unsupported_capability', false],
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      expect(ConnectorError.isInstance(error)).toBe(true);
      expect(error.connection).toBe('shop-eu');
      expect(error.message).toContain('shop-eu');
    }
  });

  it('recognise errors thrown by a duplicated copy of the package, where instanceof fails', async () => {
    vi.resetModules();
    const copy: typeof import('./index.ts') = await import('./index.ts');
    expect(copy.RateLimitedError).not.toBe(RateLimitedError);
    const fromCopy = new copy.RateLimitedError({ retryAfterMs: 500 });
    expect(fromCopy instanceof RateLimitedError).toBe(false);
    expect(RateLimitedError.isInstance(fromCopy)).toBe(true);
    expect(ConnectorError.isInstance(fromCopy)).toBe(true);
    expect(TransientError.isInstance(fromCopy)).toBe(false);
  });

  it('tell kinds apart and reject look-alikes that only share a name', () => {
    const transient = new TransientError({ reason: 'timeout' });
    expect(TransientError.isInstance(transient)).toBe(true);
    expect(RateLimitedError.isInstance(transient)).toBe(false);
    const impostor = Object.assign(new Error('x'), { name: 'TransientError', retryable: true });
    expect(ConnectorError.isInstance(impostor)).toBe(false);
    expect(TransientError.isInstance(impostor)).toBe(false);
    expect(ConnectorError.isInstance(null)).toBe(false);
    expect(ConnectorError.isInstance('TransientError')).toBe(false);
  });

  it('keep markers out of JSON and own enumerable keys', () => {
    const error = new RateLimitedError({ retryAfterMs: 10 });
    expect(Object.getOwnPropertySymbols(error)).toHaveLength(2);
    expect(Object.keys(error)).not.toContain('Symbol(stockwire.connector-error)');
    expect(JSON.stringify(error)).not.toContain('stockwire');
  });

  it('redact secrets from the message and the vendor body, and truncate huge bodies', () => {
    const token = 'shpat_0123456789abcdef';
    const error = new AuthenticationError({
      connection: 'shop',
      target: `GET /admin?access_token=${token}`,
      vendorStatus: 401,
      vendorBody: { errors: `invalid token ${token}`, padding: 'x'.repeat(10_000) },
      secrets: [token],
    });
    expect(error.message).not.toContain(token);
    expect(error.message).toContain('[REDACTED]');
    expect(error.vendorBody).not.toContain(token);
    expect(error.vendorBody).toContain('invalid token [REDACTED]');
    expect(error.vendorBody?.length).toBeLessThan(4_200);
    expect(error.vendorBody).toMatch(/more characters\)$/);
  });

  it('say what happened, to what and what to do', () => {
    const unmapped = new UnmappedSkuError({ connection: 'amazon-de', externalSku: 'B00-RED-M' });
    expect(unmapped.message).toBe(
      'connection "amazon-de" sent SKU "B00-RED-M", which matches no SKU or alias; add it under skus[].aliases ' +
        'with connection "amazon-de" in the configuration, then sync again',
    );
    expect(unmapped.externalSku).toBe('B00-RED-M');
    const location = new UnmappedLocationError({ connection: 'shop', externalLocation: 'gid://Location/9' });
    expect(location.message).toContain('add it under connections.shop.locations');
    const limited = new RateLimitedError({ retryAfterMs: 1_500, target: 'GET /orders', connection: 'shop' });
    expect(limited.retryAfterMs).toBe(1_500);
    expect(limited.message).toContain('rate-limited GET /orders on connection "shop"');
    expect(limited.message).toContain('wait 1500 ms');
    const item = new PermanentItemError({ item: 'SKU-9', reason: 'the listing was deleted' });
    expect(item.item).toBe('SKU-9');
    expect(item.message).toContain('rejected item "SKU-9": the listing was deleted');
  });

  it('say who asked to wait: the vendor by default, or the shared limiter before any call', () => {
    const vendor = new RateLimitedError({ connection: 'shop', retryAfterMs: 2_000, target: 'GET /orders' });
    expect(vendor.refusedBy).toBe('vendor');
    const limiter = new RateLimitedError({
      connection: 'shop',
      retryAfterMs: 300,
      target: 'inventorySetQuantities',
      refusedBy: 'shared-limiter',
    });
    expect(limiter.refusedBy).toBe('shared-limiter');
    expect(limiter.retryable).toBe(true);
    expect(limiter.message).toContain('the shared rate limiter holds inventorySetQuantities on connection "shop"');
    expect(limiter.message).not.toContain('the vendor rate-limited');
  });

  it('build a malformed payload error that points at the offending path of a zod parse', () => {
    const schema = z.object({ inventory_levels: z.array(z.object({ available: z.number() })) });
    const parsed = schema.safeParse({ inventory_levels: [{ available: 1 }, { available: '12 units' }] });
    if (parsed.success) throw new Error('the payload should not parse');
    const error = MalformedPayloadError.fromZodError('the inventory_levels response', parsed.error, {
      connection: 'shop',
    });
    expect(error.path).toBe('$.inventory_levels[1].available');
    expect(error.message).toMatch(/^the inventory_levels response on connection "shop" is malformed at /);
    expect(error.problem).toContain('number');
    expect(error.cause).toBe(parsed.error);
  });
});
