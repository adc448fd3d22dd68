import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The server side of NetSuite's token-based authentication, written from RFC 5849 §3.4 with node:crypto alone
 * (not the connector's signing library), so a signing bug cannot hide behind the same bug in the verifier.
 */
export interface TbaAccount {
  readonly realm: string;
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly tokenId: string;
  readonly tokenSecret: string;
}

/** RFC 3986 unreserved characters stay; everything else is %XX with upper-case hex (RFC 5849 §3.6). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `OAuth realm="…", oauth_…="…"` → decoded parameters. */
export function parseOAuthHeader(header: string): Map<string, string> | undefined {
  if (!/^OAuth\s/i.test(header)) return undefined;
  const parameters = new Map<string, string>();
  for (const match of header.slice(6).matchAll(/([A-Za-z0-9_]+)="([^"]*)"/g)) {
    parameters.set(match[1] ?? '', decodeURIComponent(match[2] ?? ''));
  }
  return parameters;
}

export function tbaBaseString(method: string, url: URL, oauthParameters: ReadonlyMap<string, string>): string {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of url.searchParams) pairs.push([percentEncode(name), percentEncode(value)]);
  for (const [name, value] of oauthParameters) {
    if (name === 'realm' || name === 'oauth_signature') continue;
    pairs.push([percentEncode(name), percentEncode(value)]);
  }
  pairs.sort(([nameA, valueA], [nameB, valueB]) =>
    nameA === nameB ? (valueA < valueB ? -1 : 1) : nameA < nameB ? -1 : 1,
  );
  const normalized = pairs.map(([name, value]) => `${name}=${value}`).join('&');
  const baseUrl = `${url.protocol}//${url.host}${url.pathname}`;
  return `${method.toUpperCase()}&${percentEncode(baseUrl)}&${percentEncode(normalized)}`;
}

export function tbaSignature(baseString: string, consumerSecret: string, tokenSecret: string): string {
  return createHmac('sha256', `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`)
    .update(baseString)
    .digest('base64');
}

export type TbaVerdict = { ok: true } | { ok: false; reason: string };

/** Verifies one request's Authorization header as NetSuite does; `seenNonces` refuses a replayed nonce. */
export function verifyTbaRequest(
  request: { method: string; url: URL; authorization: string },
  account: TbaAccount,
  options: { nowSeconds: number; seenNonces: Set<string> },
): TbaVerdict {
  const parameters = parseOAuthHeader(request.authorization);
  if (parameters === undefined) return { ok: false, reason: 'not an OAuth header' };
  if (parameters.get('realm') !== account.realm) return { ok: false, reason: `realm is not ${account.realm}` };
  if (parameters.get('oauth_signature_method') !== 'HMAC-SHA256')
    return { ok: false, reason: 'HMAC-SHA256 is required' };
  if (parameters.get('oauth_consumer_key') !== account.consumerKey)
    return { ok: false, reason: 'unknown consumer key' };
  if (parameters.get('oauth_token') !== account.tokenId) return { ok: false, reason: 'unknown token' };
  const timestamp = Number(parameters.get('oauth_timestamp'));
  if (!Number.isFinite(timestamp) || Math.abs(options.nowSeconds - timestamp) > 300)
    return { ok: false, reason: 'timestamp out of range' };
  const nonce = parameters.get('oauth_nonce') ?? '';
  if (nonce.length === 0 || options.seenNonces.has(`${timestamp}:${nonce}`))
    return { ok: false, reason: 'nonce reused' };
  const expected = tbaSignature(
    tbaBaseString(request.method, request.url, parameters),
    account.consumerSecret,
    account.tokenSecret,
  );
  const given = Buffer.from(parameters.get('oauth_signature') ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected)))
    return { ok: false, reason: 'signature mismatch' };
  options.seenNonces.add(`${timestamp}:${nonce}`);
  return { ok: true };
}
