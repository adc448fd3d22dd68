import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';

export interface TokenBasedCredentials {
  readonly realm: string;
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly tokenId: string;
  readonly tokenSecret: string;
}

export interface TokenBasedSigningOptions {
  /** Fixed values for the published test vectors; fresh ones otherwise. */
  readonly nonce?: string;
  readonly timestamp?: number;
}

/**
 * The `Authorization` header of one TBA request: OAuth 1.0a with HMAC-SHA256 (NetSuite dropped HMAC-SHA1 in
 * 2023.1). The query string is part of the base string; the realm (the account id) is only in the header, which
 * oauth-1.0a does when the realm is given to the constructor. A JSON body is never part of the base string.
 * https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_1534941088.html
 */
export function signTokenBasedRequest(
  request: { readonly method: string; readonly url: string },
  credentials: TokenBasedCredentials,
  options: TokenBasedSigningOptions = {},
): string {
  const oauth = new OAuth({
    consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
    realm: credentials.realm,
    signature_method: 'HMAC-SHA256',
    hash_function: (baseString, key) => createHmac('sha256', key).update(baseString).digest('base64'),
  });
  if (options.nonce !== undefined) {
    const nonce = options.nonce;
    oauth.getNonce = () => nonce;
  }
  if (options.timestamp !== undefined) {
    const timestamp = options.timestamp;
    oauth.getTimeStamp = () => timestamp;
  }
  const authorization = oauth.authorize(
    { url: request.url, method: request.method.toUpperCase() },
    { key: credentials.tokenId, secret: credentials.tokenSecret },
  );
  return oauth.toHeader(authorization).Authorization;
}
