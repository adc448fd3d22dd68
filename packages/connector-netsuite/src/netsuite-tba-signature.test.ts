import { readFileSync } from 'node:fs';
import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { describe, expect, it } from 'vitest';
import { signTokenBasedRequest } from './netsuite-tba-signature.ts';
import { parseOAuthHeader, tbaBaseString, tbaSignature } from './sandbox/tba-verification.ts';

const specs = locateVendorSpecs();

interface Vectors {
  inputs: Record<
    'realm' | 'consumer_key' | 'consumer_secret' | 'token' | 'token_secret' | 'nonce' | 'timestamp',
    string
  >;
  vectors: Array<{
    name: string;
    method?: string;
    url?: string;
    base_string: string;
    signature_base64: string;
    authorization_header?: string;
  }>;
}

describe.skipIf(specs.folder === undefined)(
  `TBA signatures against Oracle's published vectors${specs.skipReason ? ` (skipped: ${specs.skipReason})` : ''}`,
  () => {
    const load = (): Vectors =>
      JSON.parse(readFileSync(vendorSpecPath(specs.folder ?? '', 'netsuite', 'tba-signature-vectors.json'), 'utf8'));

    it('signs every OAuth 1.0a vector with oauth-1.0a to the published signature and header', () => {
      const { inputs, vectors } = load();
      const oauthVectors = vectors.filter((vector) => vector.url !== undefined);
      expect(oauthVectors.length).toBeGreaterThanOrEqual(2);
      for (const vector of oauthVectors) {
        const header = signTokenBasedRequest(
          { method: vector.method ?? 'GET', url: vector.url ?? '' },
          {
            realm: inputs.realm,
            consumerKey: inputs.consumer_key,
            consumerSecret: inputs.consumer_secret,
            tokenId: inputs.token,
            tokenSecret: inputs.token_secret,
          },
          { nonce: inputs.nonce, timestamp: Number(inputs.timestamp) },
        );
        const parameters = parseOAuthHeader(header);
        expect(parameters?.get('oauth_signature'), vector.name).toBe(vector.signature_base64);
        expect(parameters?.get('realm'), vector.name).toBe(inputs.realm);
        if (vector.authorization_header !== undefined) {
          // Same parameters and values; the order of parameters in a header carries no meaning.
          expect(Object.fromEntries(parameters ?? [])).toEqual(
            Object.fromEntries(parseOAuthHeader(vector.authorization_header) ?? []),
          );
        }
      }
    });

    it("builds the published base strings and signatures with the sandbox's own node:crypto verifier", () => {
      const { inputs, vectors } = load();
      for (const vector of vectors.filter((entry) => entry.url !== undefined)) {
        const oauth = new Map([
          ['oauth_consumer_key', inputs.consumer_key],
          ['oauth_nonce', inputs.nonce],
          ['oauth_signature_method', 'HMAC-SHA256'],
          ['oauth_timestamp', inputs.timestamp],
          ['oauth_token', inputs.token],
          ['oauth_version', '1.0'],
          ['realm', inputs.realm],
        ]);
        const baseString = tbaBaseString(vector.method ?? 'GET', new URL(vector.url ?? ''), oauth);
        expect(baseString, vector.name).toBe(vector.base_string);
        expect(baseString).not.toContain('realm');
        expect(tbaSignature(baseString, inputs.consumer_secret, inputs.token_secret)).toBe(vector.signature_base64);
      }
    });
  },
);
