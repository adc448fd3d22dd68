import { describe, expect, it } from 'vitest';
import { parseRetryAfter, parseVendorRetryAfter } from './parse-retry-after.ts';

const now = Date.parse('2025-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay seconds, including the fractional seconds Shopify sends', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('2.0', now)).toBe(2_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('2025', now)).toBe(2_025_000);
  });

  it('reads an HTTP date as the time left until it, and a past date as no wait', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:59:00 GMT', now)).toBe(0);
  });

  it('gives undefined for missing or unreadable values so callers can fall back', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('parseVendorRetryAfter', () => {
  it('reads seconds, milliseconds and epoch-second reset times', () => {
    expect(parseVendorRetryAfter('1.5', 'seconds', now)).toBe(1_500);
    expect(parseVendorRetryAfter('250', 'milliseconds', now)).toBe(250);
    expect(parseVendorRetryAfter(String(now / 1_000 + 30), 'epoch-seconds', now)).toBe(30_000);
    expect(parseVendorRetryAfter(String(now / 1_000 - 30), 'epoch-seconds', now)).toBe(0);
    expect(parseVendorRetryAfter('later', 'seconds', now)).toBeUndefined();
  });
});
