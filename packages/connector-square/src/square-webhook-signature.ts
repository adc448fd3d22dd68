import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header Square signs deliveries with (the legacy `x-square-signature`, HMAC-SHA1, is not accepted). */
export const squareSignatureHeader = 'x-square-hmacsha256-signature';

/**
 * Square's signature: base64 of HMAC-SHA256, keyed with the subscription's signature key, over the notification
 * URL followed by the raw body bytes. https://developer.squareup.com/docs/webhooks/step3validate
 */
export function signSquareWebhook(notificationUrl: string, rawBody: Uint8Array | string, signatureKey: string): string {
  return createHmac('sha256', Buffer.from(signatureKey, 'utf8'))
    .update(Buffer.from(notificationUrl, 'utf8'))
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest('base64');
}

/** True when `signature` is Square's for this URL, body and key; compared in constant time. */
export function isSquareSignatureValid(options: {
  readonly notificationUrl: string;
  readonly rawBody: Uint8Array | string;
  readonly signatureKey: string;
  readonly signature: string | undefined;
}): boolean {
  if (options.signature === undefined || options.signature.length === 0) return false;
  const expected = Buffer.from(signSquareWebhook(options.notificationUrl, options.rawBody, options.signatureKey));
  const received = Buffer.from(options.signature.trim());
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing a valid signature's length does not.
  return expected.length === received.length && timingSafeEqual(expected, received);
}
