const secondsPattern = /^\s*(\d+(?:\.\d+)?)\s*$/;

/**
 * Reads an HTTP `Retry-After` value into milliseconds to wait from `now` (epoch milliseconds). RFC 9110 allows
 * whole seconds or an HTTP date; fractional seconds are accepted because Shopify sends `2.0`. A date in the past
 * means "now" (0). Anything unreadable gives undefined, so the caller can fall back to another source.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const seconds = secondsPattern.exec(value);
  if (seconds !== null) return Math.ceil(Number(seconds[1]) * 1_000);
  // Only dates with letters in them: Date.parse would otherwise read things like "-5" or "2024" as dates.
  if (!/[A-Za-z]/.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil(date - now));
}

/** How a vendor-specific "wait this long" header is written. */
export type RetryAfterUnit = 'seconds' | 'milliseconds' | 'epoch-seconds';

/** Reads a vendor's own retry header (e.g. a reset time in epoch seconds) into milliseconds to wait. */
export function parseVendorRetryAfter(
  value: string | null | undefined,
  unit: RetryAfterUnit,
  now: number,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  const match = secondsPattern.exec(value);
  if (match === null) return undefined;
  const number = Number(match[1]);
  if (unit === 'seconds') return Math.ceil(number * 1_000);
  if (unit === 'milliseconds') return Math.ceil(number);
  return Math.max(0, Math.ceil(number * 1_000 - now));
}
