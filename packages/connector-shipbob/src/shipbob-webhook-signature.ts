import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks signatures, as ShipBob sends them on subscriptions of the dated APIs: `webhook-signature` is a
 * space-separated list of `v1,<base64 HMAC-SHA256>` over `webhook-id.webhook-timestamp.body`, keyed with the
 * base64-decoded bytes after `whsec_`. https://developer.shipbob.com/experimental/webhooks and
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
export interface StandardWebhookParts {
  readonly id: string;
  /** Unix seconds, as sent. */
  readonly timestamp: string;
  readonly body: Uint8Array | string;
}

/** The signing key: the bytes the secret encodes (a secret without the prefix is taken as base64 too). */
export function signingKey(secret: string): Buffer {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  return Buffer.from(encoded, 'base64');
}

export function computeSignature(secret: string, parts: StandardWebhookParts): string {
  const hmac = createHmac('sha256', signingKey(secret));
  hmac.update(`${parts.id}.${parts.timestamp}.`);
  hmac.update(typeof parts.body === 'string' ? Buffer.from(parts.body, 'utf8') : parts.body);
  return hmac.digest('base64');
}

/** The header value a sender puts on a delivery. */
export function signStandardWebhook(secret: string, parts: StandardWebhookParts): string {
  return `v1,${computeSignature(secret, parts)}`;
}

export interface VerifyOptions {
  readonly secret: string;
  readonly signatureHeader: string | undefined;
  readonly toleranceSeconds: number;
  /** Epoch milliseconds. */
  readonly now: number;
}

/**
 * Why a delivery does not verify, or undefined when it does. The timestamp is checked before the signature so a
 * replayed old delivery is refused even with a valid signature; every `v1` entry is compared in constant time
 * (a sender rotating its secret sends one per secret).
 */
export function standardWebhookProblem(parts: StandardWebhookParts, options: VerifyOptions): string | undefined {
  if (parts.id.length === 0) return 'the webhook-id header is missing';
  if (!/^\d+$/.test(parts.timestamp)) return 'the webhook-timestamp header is missing or not Unix seconds';
  const skewSeconds = Math.abs(options.now / 1_000 - Number(parts.timestamp));
  if (skewSeconds > options.toleranceSeconds) {
    return `the webhook-timestamp is ${Math.round(skewSeconds)} s from our clock, beyond the ${options.toleranceSeconds} s tolerance (a replay, or a clock to fix)`;
  }
  const header = options.signatureHeader?.trim() ?? '';
  if (header.length === 0) return 'the webhook-signature header is missing';
  const expected = Buffer.from(computeSignature(options.secret, parts), 'base64');
  const matches = header
    .split(/\s+/)
    .map((entry) => entry.split(','))
    .filter(([version, signature]) => version === 'v1' && signature !== undefined)
    .some(([, signature]) => {
      const given = Buffer.from(signature ?? '', 'base64');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  return matches ? undefined : 'no v1 signature in webhook-signature matches the body';
}
