import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * ShipHero signs each delivery with the webhook's `shared_signature_secret` (returned once by `webhook_create`):
 * `X-ShipHero-HMAC-SHA256` is the base64 HMAC-SHA256 of the raw body.
 * https://community.shiphero.com/t/webhook-request-verification/1328
 */
export const shipHeroSignatureHeader = 'x-shiphero-hmac-sha256';
/** Identifies one message across ShipHero's retries (up to 5), so a redelivery is recognised. */
export const shipHeroMessageIdHeader = 'x-shiphero-message-id';

export function signShipHeroWebhook(secret: string, body: Uint8Array | string): string {
  return createHmac('sha256', secret)
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('base64');
}

/** Why a delivery does not verify, or undefined when it does (compared in constant time). */
export function shipHeroSignatureProblem(
  secret: string,
  body: Uint8Array,
  header: string | undefined,
): string | undefined {
  const given = header?.trim() ?? '';
  if (given.length === 0) return `the ${shipHeroSignatureHeader} header is missing`;
  const expected = Buffer.from(signShipHeroWebhook(secret, body), 'base64');
  const received = Buffer.from(given, 'base64');
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
    return `the ${shipHeroSignatureHeader} header does not match the body (a changed body, or the wrong secret)`;
  }
  return undefined;
}
