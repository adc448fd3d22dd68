import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The cookie that carries a dashboard session, so a browser can reach /admin/* without a bearer header. */
export const sessionCookieName = 'stockwire_admin_session';
/** Twelve hours: a working day at the dashboard, then the token is asked for again. */
export const sessionLifetimeSeconds = 12 * 60 * 60;

/** Constant-time: hashing first gives equal lengths, so the comparison takes the same time whatever was sent. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const signature = (adminToken: string, expiresAt: number) =>
  createHmac('sha256', adminToken).update(`stockwire-dashboard-session:${expiresAt}`).digest('base64url');

/**
 * `<expiry>.<HMAC of the expiry under the admin token>`: nothing to store, valid on every runner of the
 * installation, and void as soon as the admin token changes. The token itself never goes into the cookie.
 */
export function createSessionValue(adminToken: string, now: number): string {
  const expiresAt = now + sessionLifetimeSeconds * 1000;
  return `${expiresAt}.${signature(adminToken, expiresAt)}`;
}

export function isValidSession(value: string, adminToken: string, now: number): boolean {
  const [expiry, given, ...rest] = value.split('.');
  const expiresAt = Number(expiry);
  if (rest.length > 0 || given === undefined || !Number.isSafeInteger(expiresAt) || expiresAt <= now) return false;
  return sameSecret(given, signature(adminToken, expiresAt));
}

/** The value of one cookie of a `Cookie` header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return undefined;
}
