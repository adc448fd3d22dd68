import type { Channel, DynamicBuffer, DynamicBufferDemand, InventoryEvent } from '@stockwire/model';
import { secondsAt } from '../simulation-time.ts';

/**
 * How many units Stockwire holds back per channel: the configuration's own policy, none, a fixed number, or the
 * model's dynamic buffer (`policy.dynamicBuffer`), sized by the model's `sizeDynamicBuffer` as the runner sizes it.
 */
export type BufferPolicy =
  | { readonly kind: 'configured' }
  | { readonly kind: 'none' }
  | { readonly kind: 'static'; readonly buffer: number }
  | { readonly kind: 'dynamic'; readonly policy: DynamicBuffer };

/**
 * Tracks what a dynamic buffer is sized from, as the engine does live: the units each channel connection sold of
 * a SKU (its holds, by when they happened) and the latency of its pushes — here the newest observed delivery delay
 * plus the simulated sync latency, where the runner measures event to push.
 */
export class DynamicBufferTracker {
  /** `connection sku` → sales, oldest first. */
  readonly #sales = new Map<string, Array<{ at: number; quantity: number }>>();
  #observedDeliverySeconds = 0;

  readonly policy: BufferPolicy;
  readonly syncLatencySeconds: number;

  constructor(policy: BufferPolicy, syncLatencySeconds: number) {
    this.policy = policy;
    this.syncLatencySeconds = syncLatencySeconds;
  }

  observe(event: InventoryEvent, now: number): void {
    const occurred = secondsAt(event.occurredAt);
    // A late redelivery says nothing about the normal path; keep the delay of fresh events.
    const delay = now - occurred;
    if (delay >= 0 && delay < 60) this.#observedDeliverySeconds = delay;
    if (event.kind !== 'reservation-created') return;
    const key = `${event.source} ${event.sku}`;
    const sales = this.#sales.get(key) ?? [];
    sales.push({ at: occurred, quantity: event.quantity });
    this.#sales.set(key, sales);
  }

  /** What the channel sold of the SKU within a window ending now, and its push latency: the model's input. */
  demand(channel: Channel, sku: string, now: number): (windowMinutes: number) => DynamicBufferDemand {
    return (windowMinutes) => {
      const since = now - windowMinutes * 60;
      const key = `${channel.connection} ${sku}`;
      const sales = (this.#sales.get(key) ?? []).filter((sale) => sale.at > since);
      this.#sales.set(key, sales);
      return {
        unitsSold: sales.reduce((total, sale) => total + sale.quantity, 0),
        measuredLatencySeconds: this.#observedDeliverySeconds + this.syncLatencySeconds,
      };
    };
  }

  /** The channel as the policy sees it: its buffer replaced unless the configured policy is kept. */
  channelFor(channel: Channel): Channel {
    const policy = this.policy;
    const withBuffer = (changes: Partial<Channel['policy']>): Channel => ({
      ...channel,
      policy: { ...channel.policy, buffer: 0, dynamicBuffer: undefined, ...changes },
      overrides: [],
    });
    switch (policy.kind) {
      case 'configured':
        return channel;
      case 'none':
        return withBuffer({});
      case 'static':
        return withBuffer({ buffer: policy.buffer });
      case 'dynamic':
        return withBuffer({ dynamicBuffer: policy.policy });
    }
  }
}
