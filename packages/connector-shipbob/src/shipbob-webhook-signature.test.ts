import { readFileSync } from 'node:fs';
import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { describe, expect, it } from 'vitest';
import { signStandardWebhook, standardWebhookProblem } from './shipbob-webhook-signature.ts';

interface SignatureVector {
  secret: string;
  'webhook-id': string;
  'webhook-timestamp': string;
  raw_body: string;
  'webhook-signature': string;
  valid: boolean;
}

const specs = locateVendorSpecs();
// Read outside the describe: a skipped describe's body still runs while tests are collected.
const vectors =
  specs.folder === undefined
    ? []
    : (
        JSON.parse(readFileSync(vendorSpecPath(specs.folder, 'shipbob', 'webhook-signature-vectors.json'), 'utf8')) as {
          vectors: SignatureVector[];
        }
      ).vectors;

describe.skipIf(specs.folder === undefined)(
  `ShipBob's webhook signature vectors${specs.skipReason ? ` (skipped: ${specs.skipReason})` : ''}`,
  () => {
    it('has vectors to check', () => expect(vectors.length).toBeGreaterThan(0));

    for (const [index, vector] of vectors.entries()) {
      it(`vector ${index} (${vector['webhook-id']}) is ${vector.valid ? 'accepted' : 'refused'}`, () => {
        const parts = { id: vector['webhook-id'], timestamp: vector['webhook-timestamp'], body: vector.raw_body };
        // The vectors are dated; verify at their own time so the tolerance check does not hide the signature's.
        const now = Number(vector['webhook-timestamp']) * 1_000;
        const problem = standardWebhookProblem(parts, {
          secret: vector.secret,
          signatureHeader: vector['webhook-signature'],
          toleranceSeconds: 300,
          now,
        });
        expect(problem).toBe(vector.valid ? undefined : expect.any(String));
        if (vector.valid) expect(signStandardWebhook(vector.secret, parts)).toBe(vector['webhook-signature']);
      });
    }
  },
);

describe('Standard Webhooks verification', () => {
  const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
  const parts = { id: 'msg_1', timestamp: '1772445600', body: '{"id":1}' };
  const now = 1772445600 * 1_000;
  const verify = (overrides: Partial<Parameters<typeof standardWebhookProblem>[1]>, body = parts.body) =>
    standardWebhookProblem(
      { ...parts, body },
      { secret, signatureHeader: signStandardWebhook(secret, parts), toleranceSeconds: 300, now, ...overrides },
    );

  it('accepts its own signature, also beside another secret signature (rotation)', () => {
    expect(verify({})).toBeUndefined();
    expect(verify({ signatureHeader: `v1,AAAA ${signStandardWebhook(secret, parts)}` })).toBeUndefined();
  });

  it('refuses a changed body, a missing header, another version and an old timestamp', () => {
    expect(verify({}, '{"id":2}')).toMatch(/no v1 signature/);
    expect(verify({ signatureHeader: undefined })).toMatch(/missing/);
    expect(verify({ signatureHeader: signStandardWebhook(secret, parts).replace('v1,', 'v2,') })).toMatch(/no v1/);
    expect(verify({ now: now + 301_000 })).toMatch(/301 s from our clock/);
    expect(
      standardWebhookProblem(
        { ...parts, timestamp: 'yesterday' },
        { secret, signatureHeader: 'v1,x', toleranceSeconds: 300, now },
      ),
    ).toMatch(/Unix seconds/);
  });
});
