import { constants, createPrivateKey, sign } from 'node:crypto';

export type ClientAssertionAlgorithm = 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512';

export interface ClientAssertionClaims {
  readonly clientId: string;
  readonly certificateId: string;
  readonly audience: string;
  readonly scopes: readonly string[];
  /** Seconds since the epoch. */
  readonly issuedAt: number;
}

const base64Url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/**
 * The certificate-signed JWT NetSuite's client credentials flow takes as `client_assertion`: `kid` is the
 * certificate id from the integration's OAuth 2.0 Client Credentials Setup, `iss` the client id, `aud` the token
 * endpoint; NetSuite refuses a JWT valid for more than an hour.
 * https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/article_162686838198.html
 */
export function signClientAssertion(
  claims: ClientAssertionClaims,
  privateKeyPem: string,
  algorithm: ClientAssertionAlgorithm,
): string {
  const header = { alg: algorithm, typ: 'JWT', kid: claims.certificateId };
  const payload = {
    iss: claims.clientId,
    scope: claims.scopes.join(','),
    aud: claims.audience,
    iat: claims.issuedAt,
    exp: claims.issuedAt + 3_600,
  };
  const signingInput = `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(payload))}`;
  const key = createPrivateKey(privateKeyPem);
  const digest = `sha${algorithm.slice(2)}`;
  const signature = algorithm.startsWith('PS')
    ? sign(digest, Buffer.from(signingInput), {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: Number(algorithm.slice(2)) / 8,
      })
    : // JOSE wants the raw r‖s pair, not node's default DER encoding.
      sign(digest, Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${base64Url(signature)}`;
}
