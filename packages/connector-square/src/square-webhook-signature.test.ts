import { readFileSync } from 'node:fs';
import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { describe, expect, it } from 'vitest';
import { isSquareSignatureValid, signSquareWebhook } from './square-webhook-signature.ts';

interface SignatureVector {
  notification_url: string;
  signature_key: string;
  raw_body: string;
  'x-square-hmacsha256-signature': string;
  valid: boolean;
  why?: string;
}

const specs = locateVendorSpecs();
// Read outside the describe: a skipped describe's body still runs while tests are collected.
const vectors =
  specs.folder === undefined
    ? []
    : (
        JSON.parse(readFileSync(vendorSpecPath(specs.folder, 'square', 'webhook-signature-vectors.json'), 'utf8')) as {
          vectors: SignatureVector[];
        }
      ).vectors;

describe.skipIf(specs.folder === undefined)(
  `Square's webhook signature vectors${specs.skipReason ? ` (skipped: ${specs.skipReason})` : ''}`,
  () => {
    it('has valid and invalid vectors to check', () => {
      expect(vectors.filter((vector) => vector.valid).length).toBeGreaterThan(0);
      expect(vectors.filter((vector) => !vector.valid).length).toBeGreaterThan(0);
    });

    it.each(vectors.map((vector, index) => [index, vector.why ?? 'valid', vector] as const))(
      'vector %i (%s) verifies exactly when Square says it is valid',
      (_index, _why, vector) => {
        const verdict = isSquareSignatureValid({
          notificationUrl: vector.notification_url,
          rawBody: Buffer.from(vector.raw_body, 'utf8'),
          signatureKey: vector.signature_key,
          signature: vector['x-square-hmacsha256-signature'],
        });
        expect(verdict).toBe(vector.valid);
      },
    );
  },
);

describe('isSquareSignatureValid', () => {
  const notificationUrl = 'https://stockwire.example/webhooks/square';
  const body = '{"type":"inventory.count.updated","event_id":"e-1"}';
  const signature = signSquareWebhook(notificationUrl, body, 'key-1');

  it('refuses a missing, truncated or re-encoded signature and a changed body', () => {
    const check = (overrides: Partial<Parameters<typeof isSquareSignatureValid>[0]>) =>
      isSquareSignatureValid({ notificationUrl, rawBody: body, signatureKey: 'key-1', signature, ...overrides });
    expect(check({})).toBe(true);
    expect(check({ signature: undefined })).toBe(false);
    expect(check({ signature: signature.slice(0, -2) })).toBe(false);
    expect(check({ signature: Buffer.from(signature, 'base64').toString('hex') })).toBe(false);
    expect(check({ rawBody: body.replace('e-1', 'e-2') })).toBe(false);
    expect(check({ signatureKey: 'key-2' })).toBe(false);
  });
});
