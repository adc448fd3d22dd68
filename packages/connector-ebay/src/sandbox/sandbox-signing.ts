import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';

export interface SandboxPublicKeyAnswer {
  readonly key: string;
  readonly algorithm: string;
  readonly digest: string;
}

/**
 * A test key pair that signs notifications as eBay does: ECDSA P-256 over `JSON.stringify(body)` with SHA-1, the DER
 * signature in base64, the header `X-EBAY-SIGNATURE` = base64 of `{ alg, kid, signature, digest }`. The public key
 * is served by getPublicKey in eBay's one-line PEM.
 */
export function createSandboxSigner() {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const kid = randomUUID();
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString().replace(/\n/g, '');
  return {
    kid,
    publicKey: { key: pem, algorithm: 'ECDSA', digest: 'SHA1' } satisfies SandboxPublicKeyAnswer,
    /** The X-EBAY-SIGNATURE header value for a body. */
    signatureHeader(message: unknown): string {
      const signature = sign('sha1', Buffer.from(JSON.stringify(message), 'utf8'), privateKey).toString('base64');
      return Buffer.from(JSON.stringify({ alg: 'ecdsa', kid, signature, digest: 'SHA1' })).toString('base64');
    },
  };
}
