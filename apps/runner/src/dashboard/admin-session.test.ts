import { describe, expect, it } from 'vitest';
import { cookieValue, createSessionValue, isValidSession, sessionLifetimeSeconds } from './admin-session.ts';

const token = 'admin-token-for-session-tests';
const now = Date.parse('2026-12-03T08:00:00Z');

describe('the dashboard session cookie', () => {
  it('is valid under the token that made it until it expires, and never carries the token', () => {
    const value = createSessionValue(token, now);
    expect(value).not.toContain(token);
    expect(isValidSession(value, token, now + 1_000)).toBe(true);
    expect(isValidSession(value, token, now + sessionLifetimeSeconds * 1000)).toBe(false);
  });

  it('is void under another token, with a moved expiry, or malformed', () => {
    const value = createSessionValue(token, now);
    const [expiry, signature] = value.split('.');
    expect(isValidSession(value, 'a-rotated-token', now)).toBe(false);
    expect(isValidSession(`${Number(expiry) + 86_400_000}.${signature}`, token, now)).toBe(false);
    for (const malformed of ['', '.', 'x.y', `${expiry}`, `${value}.extra`]) {
      expect(isValidSession(malformed, token, now)).toBe(false);
    }
  });

  it('is read from a Cookie header among others', () => {
    expect(cookieValue('theme=dark; stockwire_admin_session=1.abc; other=x', 'stockwire_admin_session')).toBe('1.abc');
    expect(cookieValue('theme=dark', 'stockwire_admin_session')).toBeUndefined();
    expect(cookieValue(undefined, 'stockwire_admin_session')).toBeUndefined();
  });
});
