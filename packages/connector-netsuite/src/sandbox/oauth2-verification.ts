import { constants, createPublicKey, type KeyObject, verify } from 'node:crypto';

export interface M2mClient {
  readonly clientId: string;
  readonly certificateId: string;
  readonly publicKey: KeyObject | string;
}

/** Verifies a client-credentials `client_assertion` JWT as NetSuite's token endpoint does. */
export function verifyClientAssertion(
  assertion: string,
  client: M2mClient,
  options: { audience: string; nowSeconds: number },
): { ok: true; scopes: string[] } | { ok: false; reason: string } {
  const [headerPart, payloadPart, signaturePart] = assertion.split('.');
  if (headerPart === undefined || payloadPart === undefined || signaturePart === undefined)
    return { ok: false, reason: 'not a JWT' };
  let header: { alg?: string; kid?: string };
  let payload: { iss?: string; aud?: string; exp?: number; iat?: number; scope?: string | string[] };
  try {
    header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'unreadable JWT' };
  }
  if (header.kid !== client.certificateId) return { ok: false, reason: 'unknown certificate id (kid)' };
  if (payload.iss !== client.clientId) return { ok: false, reason: 'unknown client id (iss)' };
  if (payload.aud !== options.audience) return { ok: false, reason: `aud is not ${options.audience}` };
  const { exp, iat } = payload;
  if (typeof exp !== 'number' || typeof iat !== 'number' || exp <= options.nowSeconds || exp - iat > 3_600) {
    return { ok: false, reason: 'expired, or valid for more than an hour' };
  }
  const algorithm = header.alg ?? '';
  const match = /^(PS|ES)(256|384|512)$/.exec(algorithm);
  if (match === null) return { ok: false, reason: `algorithm ${algorithm} is not accepted` };
  const key = typeof client.publicKey === 'string' ? createPublicKey(client.publicKey) : client.publicKey;
  const data = Buffer.from(`${headerPart}.${payloadPart}`);
  const signature = Buffer.from(signaturePart, 'base64url');
  const digest = `sha${match[2]}`;
  const valid =
    match[1] === 'PS'
      ? verify(
          digest,
          data,
          { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(match[2]) / 8 },
          signature,
        )
      : verify(digest, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  if (!valid) return { ok: false, reason: 'signature mismatch' };
  const scopes = Array.isArray(payload.scope)
    ? payload.scope
    : String(payload.scope ?? '')
        .split(/[ ,]+/)
        .filter(Boolean);
  return { ok: true, scopes };
}
