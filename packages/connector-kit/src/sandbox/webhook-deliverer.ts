import { randomUUID } from 'node:crypto';

export interface WebhookDelivererOptions {
  /** The receiver under test: every delivery is POSTed here. */
  target: string;
  /**
   * Signs a delivery the way the vendor does and returns the headers that carry it (e.g. an HMAC of the exact
   * body bytes). Gets the delivery id so vendors that put their event id in a header can do so.
   */
  sign?: (bodyText: string, delivery: { id: string }) => Record<string, string> | Promise<Record<string, string>>;
  /** Headers every delivery carries, e.g. a topic header. */
  headers?: Record<string, string>;
}

export interface WebhookDeliveryOptions {
  /** Overrides the generated delivery id; duplicates always reuse the id, as vendors' redeliveries do. */
  id?: string;
  headers?: Record<string, string>;
}

/** One POST the deliverer made. */
export interface WebhookAttempt {
  readonly id: string;
  readonly bodyText: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly status: number;
}

/** What happened to a delivery when `deliver` returned. `held` ones go out later, reordered. */
export type WebhookDeliveryOutcome = 'delivered' | 'dropped' | 'held';

export interface WebhookDeliverer {
  /** Delivers one event (strings are sent verbatim, anything else as JSON), subject to the configured faults. */
  deliver(payload: unknown, options?: WebhookDeliveryOptions): Promise<WebhookDeliveryOutcome>;
  /** The next `count` deliveries are lost, as when a vendor gives up on a delivery. */
  dropNext(count: number): void;
  /** The next `count` deliveries arrive twice, with the same id, as at-least-once delivery allows. */
  duplicateNext(count: number): void;
  /** The next `count` deliveries are held and then sent newest first, once the last of them is delivered. */
  reorderNext(count: number): void;
  /** Sends whatever is still held (newest first). */
  flush(): Promise<void>;
  /** Every POST made, in order. */
  readonly attempts: readonly WebhookAttempt[];
  /** Ids of the deliveries that were dropped. */
  readonly dropped: readonly string[];
}

interface PreparedDelivery {
  id: string;
  bodyText: string;
  headers: Record<string, string>;
  copies: number;
}

/** Plays a vendor's webhook sender against a local receiver, with the delivery faults real senders show. */
export function createWebhookDeliverer(options: WebhookDelivererOptions): WebhookDeliverer {
  const attempts: WebhookAttempt[] = [];
  const dropped: string[] = [];
  let toDrop = 0;
  let toDuplicate = 0;
  let toHold = 0;
  let held: PreparedDelivery[] = [];

  const post = async (delivery: PreparedDelivery) => {
    for (let copy = 0; copy < delivery.copies; copy++) {
      const response = await fetch(options.target, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.bodyText,
      });
      // Drain the body so keep-alive connections are reused instead of piling up.
      await response.arrayBuffer();
      attempts.push({
        id: delivery.id,
        bodyText: delivery.bodyText,
        headers: delivery.headers,
        status: response.status,
      });
    }
  };

  const releaseHeld = async () => {
    const batch = held.reverse();
    held = [];
    for (const delivery of batch) await post(delivery);
  };

  const requirePositive = (count: number) => {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer: ${count}`);
    return count;
  };

  return {
    async deliver(payload, deliveryOptions = {}) {
      const id = deliveryOptions.id ?? randomUUID();
      if (toDrop > 0) {
        toDrop--;
        dropped.push(id);
        return 'dropped';
      }
      const bodyText = typeof payload === 'string' ? payload : JSON.stringify(payload);
      const signature = options.sign === undefined ? {} : await options.sign(bodyText, { id });
      const headers = {
        'content-type': 'application/json',
        ...options.headers,
        ...deliveryOptions.headers,
        ...signature,
      };
      const copies = toDuplicate > 0 ? 2 : 1;
      if (toDuplicate > 0) toDuplicate--;
      const delivery = { id, bodyText, headers, copies };
      if (toHold > 0) {
        toHold--;
        held.push(delivery);
        if (toHold > 0) return 'held';
        await releaseHeld();
        return 'delivered';
      }
      await post(delivery);
      return 'delivered';
    },
    dropNext(count) {
      toDrop += requirePositive(count);
    },
    duplicateNext(count) {
      toDuplicate += requirePositive(count);
    },
    reorderNext(count) {
      toHold += requirePositive(count);
    },
    flush() {
      toHold = 0;
      return releaseHeld();
    },
    attempts,
    dropped,
  };
}
