import { readFileSync } from 'node:fs';
import { createMemoryConnectorState } from '@stockwire/connector-kit';
import { TransientError, WebhookSignatureError } from '@stockwire/connector-spec';
import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answerEbayChallenge, decodeSignatureHeader } from './ebay-notification-signature.ts';
import { createEbaySandbox, type EbaySandbox, type SandboxPublicKeyAnswer } from './sandbox/index.ts';
import { sandboxConnector } from './test-support/ebay-test-setup.ts';

const specs = locateVendorSpecs();

interface Vector {
  readonly signature: string;
  readonly message: unknown;
  readonly response: SandboxPublicKeyAnswer | null;
}

let sandbox: EbaySandbox;
beforeAll(async () => {
  sandbox = await createEbaySandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const delivery = (vector: Vector, rawText = JSON.stringify(vector.message)) => ({
  headers: { 'x-ebay-signature': vector.signature, 'content-type': 'application/json' },
  rawBody: Buffer.from(rawText, 'utf8'),
  receivedAt: new Date().toISOString(),
});

describe.skipIf(specs.folder === undefined)(
  `eBay's own notification signature vectors (event-notification-nodejs-sdk test.json)${specs.skipReason ? ` (skipped: ${specs.skipReason})` : ''}`,
  () => {
    const vectors = () =>
      JSON.parse(
        readFileSync(
          vendorSpecPath(specs.folder ?? '', 'ebay', 'notification-signature-vectors.ebay-sdk-test.json'),
          'utf8',
        ),
      ) as Record<'VALID' | 'INVALID' | 'SIGNATURE_MISMATCH' | 'ERROR', Vector>;
    /** Serves the vector's key under the key id its signature header names, as getPublicKey would. */
    const serve = (vector: Vector) => {
      const kid = decodeSignatureHeader(vector.signature)?.kid ?? '';
      sandbox.servePublicKey(kid, vector.response ?? 'server-error');
      return kid;
    };

    it('VALID verifies, whatever whitespace the raw body has (eBay signs the JSON, not the bytes)', async () => {
      const vector = vectors().VALID;
      const kid = serve(vector);
      const connector = sandboxConnector(sandbox);
      await expect(connector.webhooks.verify(delivery(vector))).resolves.toBeUndefined();
      await expect(
        connector.webhooks.verify(delivery(vector, JSON.stringify(vector.message, null, 2))),
      ).resolves.toBeUndefined();
      const keyCalls = sandbox.exchanges.filter((call) => call.path.endsWith(`/public_key/${kid}`));
      expect(keyCalls).toHaveLength(1);
      // The key is fetched with an application token (client credentials), as getPublicKey requires.
      const grants = sandbox.exchanges
        .filter((call) => call.path.endsWith('/oauth2/token'))
        .map((call) => new URLSearchParams(call.bodyText).get('grant_type'));
      expect(grants).toEqual(['client_credentials']);
      const parsed = await connector.webhooks.parse(delivery(vector));
      expect(parsed).toMatchObject({ topic: 'MARKETPLACE_ACCOUNT_DELETION', events: [], failures: [] });
    });

    it('INVALID and SIGNATURE_MISMATCH are refused with WebhookSignatureError', async () => {
      for (const name of ['INVALID', 'SIGNATURE_MISMATCH'] as const) {
        sandbox.reset();
        const vector = vectors()[name];
        serve(vector);
        const failure = await sandboxConnector(sandbox)
          .webhooks.verify(delivery(vector))
          .catch((error: unknown) => error);
        expect(WebhookSignatureError.isInstance(failure), name).toBe(true);
        expect((failure as Error).message).toMatch(/does not verify/);
      }
    });

    it('ERROR (getPublicKey fails) is a retryable failure, not a forged delivery', async () => {
      const vector = vectors().ERROR;
      serve(vector);
      const failure = await sandboxConnector(sandbox)
        .webhooks.verify(delivery(vector))
        .catch((error: unknown) => error);
      expect(TransientError.isInstance(failure)).toBe(true);
      expect(WebhookSignatureError.isInstance(failure)).toBe(false);
    });
  },
);

describe('notification keys and the endpoint challenge', () => {
  it('caches a key by key id in the connection’s state for publicKeyCacheSeconds, then fetches it again', async () => {
    const clock = { now: Date.now() };
    const state = createMemoryConnectorState();
    // Each verification by a new instance, as by another process: the key comes from the shared state.
    const connector = () =>
      sandboxConnector(sandbox, { state, now: () => new Date(clock.now), settings: { publicKeyCacheSeconds: 600 } });
    sandbox.listSku('TEE', { locations: { 'WAREHOUSE-1': 3 } });
    const orderId = sandbox.placeOrder({ lines: [{ sku: 'TEE', quantity: 1 }] });
    await connector().webhooks.verify(sandbox.orderConfirmation(orderId));
    await connector().webhooks.verify(sandbox.orderConfirmation(orderId));
    const keyCalls = () => sandbox.exchanges.filter((call) => call.path.includes('/public_key/')).length;
    expect(keyCalls()).toBe(1);
    clock.now += 601_000;
    await connector().webhooks.verify(sandbox.orderConfirmation(orderId));
    expect(keyCalls()).toBe(2);
  });

  it('refuses a delivery naming a key id eBay never issued, or without a signature', async () => {
    const connector = sandboxConnector(sandbox);
    const forged = Buffer.from(
      JSON.stringify({ alg: 'ecdsa', kid: 'no-such-key', signature: 'AAAA', digest: 'SHA1' }),
    ).toString('base64');
    const body = Buffer.from('{"metadata":{"topic":"ORDER_CONFIRMATION"},"notification":{"notificationId":"n"}}');
    for (const headers of [{ 'x-ebay-signature': forged }, {}]) {
      const failure = await connector.webhooks
        .verify({ headers, rawBody: body, receivedAt: new Date().toISOString() })
        .catch((error: unknown) => error);
      expect(WebhookSignatureError.isInstance(failure)).toBe(true);
    }
  });

  it('answers the challenge with hex SHA-256 of code, verification token and endpoint, in that order', () => {
    expect(
      answerEbayChallenge({
        challengeCode: 'a8628072-3d33-45ee-9004-bee86830a22d',
        verificationToken: '71745723-d031-455c-bfa5-f90d11b4f20a',
        endpoint: 'https://stockwire.example.com/webhooks/ebay',
      }),
    ).toEqual({ challengeResponse: '5879dbf6879546b3342d2d07a1a259f36cbc5ffa3acc2145b97c622d7c1b974b' });
    const connector = sandboxConnector(sandbox, {
      settings: {
        verificationToken: { env: 'EBAY_VERIFICATION_TOKEN' },
        notificationEndpoint: 'https://stockwire.example.com/webhooks/ebay',
      },
    });
    expect(connector.answerChallenge('a8628072-3d33-45ee-9004-bee86830a22d').challengeResponse).toMatch(
      /^[0-9a-f]{64}$/,
    );
    expect(() => sandboxConnector(sandbox).answerChallenge('code')).toThrow(
      /verificationToken and notificationEndpoint/,
    );
  });
});
