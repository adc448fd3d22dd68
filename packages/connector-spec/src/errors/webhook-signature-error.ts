import {
  ConnectorError,
  type ConnectorErrorContext,
  hasErrorMarker,
  markError,
  onConnection,
} from './connector-error.ts';

const webhookSignatureErrorMarker = Symbol.for('stockwire.connector-error.webhook-signature');

export interface WebhookSignatureErrorOptions extends ConnectorErrorContext {
  /** Why verification failed, e.g. `the X-Shopify-Hmac-Sha256 header is missing`. Never include the secret. */
  reason: string;
  /** The webhook topic or event type, when the (unverified) request names one. */
  topic?: string | undefined;
}

/**
 * A webhook whose signature does not verify. Not retryable and nothing from it is applied: an unverified body
 * may be forged. The vendor redelivers on its own if the failure was ours.
 */
export class WebhookSignatureError extends ConnectorError {
  constructor(options: WebhookSignatureErrorOptions) {
    const topic = options.topic === undefined ? '' : ` "${options.topic}"`;
    super({
      ...options,
      code: 'webhook_signature_invalid',
      retryable: false,
      message:
        `rejected a webhook${topic}${onConnection(options.connection)}: ${options.reason}. Nothing from it was ` +
        "applied. Check that the webhook signing secret in the connection's settings matches the one configured " +
        'at the vendor',
    });
    this.name = 'WebhookSignatureError';
    markError(this, webhookSignatureErrorMarker);
  }

  static override isInstance(value: unknown): value is WebhookSignatureError {
    return hasErrorMarker(value, webhookSignatureErrorMarker);
  }
}
