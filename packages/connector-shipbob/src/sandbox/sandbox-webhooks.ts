import { createWebhookDeliverer, type WebhookDeliverer } from '@stockwire/connector-kit/sandbox';
import { signStandardWebhook } from '../shipbob-webhook-signature.ts';
import type { SandboxClock } from './sandbox-clock.ts';

export interface SandboxWebhookSubscription {
  readonly target: string;
  readonly secret: string;
  /** Retries after a non-2xx answer before giving up (ShipBob retries with backoff for about a day). */
  readonly retries?: number;
}

/**
 * ShipBob's sender: Standard Webhooks headers signed with the subscription secret, `x-webhook-topic`, the same
 * `webhook-id` on every retry and duplicate, a fresh `webhook-timestamp` per attempt; duplicates, reordering and
 * drops come from the kit's deliverer.
 */
export function createSandboxWebhooks(clock: SandboxClock) {
  let subscription: SandboxWebhookSubscription | undefined;
  let deliverer: WebhookDeliverer | undefined;
  let sequence = 0;
  const deliveries: Array<{ id: string; topic: string; body: unknown }> = [];
  const requireDeliverer = () => {
    if (deliverer === undefined) throw new Error('subscribe a webhook target first');
    return deliverer;
  };
  return {
    subscribe(options: SandboxWebhookSubscription) {
      subscription = options;
      deliverer = createWebhookDeliverer({
        target: options.target,
        sign(bodyText, { id }) {
          const timestamp = String(Math.floor(clock.now() / 1_000));
          return {
            'webhook-id': id,
            'webhook-timestamp': timestamp,
            'webhook-signature': signStandardWebhook(options.secret, { id, timestamp, body: bodyText }),
          };
        },
      });
    },
    /** Sends one event; retries (same id) while the receiver answers other than 2xx. */
    async send(topic: string, body: unknown) {
      const active = requireDeliverer();
      const id = `msg_${(++sequence).toString().padStart(6, '0')}`;
      deliveries.push({ id, topic, body });
      const headers = { 'x-webhook-topic': topic };
      let outcome = await active.deliver(body, { id, headers });
      for (let retry = 0; retry < (subscription?.retries ?? 3) && outcome === 'delivered'; retry++) {
        const last = active.attempts.filter((attempt) => attempt.id === id).at(-1);
        if (last === undefined || (last.status >= 200 && last.status < 300)) break;
        outcome = await active.deliver(body, { id, headers });
      }
      return { id, outcome };
    },
    get deliverer() {
      return requireDeliverer();
    },
    deliveries,
  };
}
