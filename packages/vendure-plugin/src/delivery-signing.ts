import { createHmac } from 'node:crypto';
import { stockwireDeliveryHeaders } from './delivery-headers.ts';

/**
 * `sha256=<hex>` of HMAC-SHA256 with the shared secret over `${timestamp}.${rawBody}`: the timestamp is signed
 * with the body, so an old delivery replayed with a fresh timestamp header fails the signature.
 */
export function signStockwireDelivery(secret: string, rawBody: string, timestampSeconds: number): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex')}`;
}

/** The headers of one attempt: signed at send time, so a retry an hour later carries a fresh timestamp. */
export function deliveryHeaders(
  secret: string,
  delivery: { readonly id: string; readonly topic: string },
  rawBody: string,
  now: Date,
): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1_000);
  return {
    'content-type': 'application/json',
    [stockwireDeliveryHeaders.signature]: signStockwireDelivery(secret, rawBody, timestamp),
    [stockwireDeliveryHeaders.timestamp]: String(timestamp),
    [stockwireDeliveryHeaders.deliveryId]: delivery.id,
    [stockwireDeliveryHeaders.topic]: delivery.topic,
  };
}
