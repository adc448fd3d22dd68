import { createHash, verify as verifySignature } from 'node:crypto';
import { z } from 'zod';

/** The decoded `X-EBAY-SIGNATURE` header: base64 of `{ alg, kid, signature, digest }`. */
export const EbaySignatureHeaderSchema = z.looseObject({
  alg: z.string(),
  kid: z.string().min(1),
  signature: z.string().min(1),
  digest: z.string().min(1),
});
export type EbaySignatureHeader = z.infer<typeof EbaySignatureHeaderSchema>;

/** getPublicKey's answer: `{ key, algorithm: "ECDSA", digest: "SHA1" }`, the key as PEM without line breaks. */
export const EbayPublicKeySchema = z.looseObject({
  key: z.string().min(1),
  algorithm: z.string().nullish(),
  digest: z.string().nullish(),
});
export type EbayPublicKey = z.infer<typeof EbayPublicKeySchema>;

export function decodeSignatureHeader(header: string): EbaySignatureHeader | undefined {
  try {
    const parsed = EbaySignatureHeaderSchema.safeParse(JSON.parse(Buffer.from(header, 'base64').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** eBay's PEM comes on one line; OpenSSL wants the markers on lines of their own (the SDK's `formatKey`). */
export function formatPublicKey(key: string): string {
  return key
    .replace(/-----BEGIN PUBLIC KEY-----\s*/, '-----BEGIN PUBLIC KEY-----\n')
    .replace(/\s*-----END PUBLIC KEY-----/, '\n-----END PUBLIC KEY-----');
}

const digests: Readonly<Record<string, string>> = { SHA1: 'sha1', SHA256: 'sha256' };

/**
 * eBay's check, as its Node SDK does it (lib/validator.js): ECDSA over `JSON.stringify` of the parsed body (not the
 * raw bytes), with the digest the key names, the signature in DER, base64. True when it verifies.
 */
export function verifyEbaySignature(message: unknown, header: EbaySignatureHeader, publicKey: EbayPublicKey): boolean {
  if (header.alg.toLowerCase() !== 'ecdsa') return false;
  const digest = digests[(publicKey.digest ?? header.digest).toUpperCase()];
  if (digest === undefined) return false;
  try {
    return verifySignature(
      digest,
      Buffer.from(JSON.stringify(message), 'utf8'),
      formatPublicKey(publicKey.key),
      Buffer.from(header.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/**
 * The answer to eBay's endpoint check (`GET <endpoint>?challenge_code=…`): hex SHA-256 of the challenge code, the
 * verification token and the endpoint URL, in that order, sent back as `{ "challengeResponse": … }` with HTTP 200.
 * https://developer.ebay.com/marketplace-account-deletion
 */
export function answerEbayChallenge(options: { challengeCode: string; verificationToken: string; endpoint: string }): {
  challengeResponse: string;
} {
  const hash = createHash('sha256');
  hash.update(options.challengeCode);
  hash.update(options.verificationToken);
  hash.update(options.endpoint);
  return { challengeResponse: hash.digest('hex') };
}
